import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Connect, ViteDevServer } from "vite";
import { contractReferencePlugin } from "../../liff-app/build/contract-reference-plugin.ts";

const documentPath = fileURLToPath(new URL("../../shared/merchant-contract.openapi.json", import.meta.url));

/** The plugin's middleware, as `vite dev` would install it. */
function middleware(): Connect.NextHandleFunction {
  let installed: Connect.NextHandleFunction | undefined;
  const server = { middlewares: { use: (handler: Connect.NextHandleFunction) => (installed = handler) } };
  const plugin = contractReferencePlugin({ documentPath });
  (plugin.configureServer as (server: ViteDevServer) => void)(server as unknown as ViteDevServer);
  return installed!;
}

async function get(url: string): Promise<{ status: number; headers: Record<string, string>; body: string; passedOn: boolean }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    const response = {
      statusCode: 200,
      setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
      end: (body?: string | Buffer) =>
        resolve({ status: response.statusCode, headers, body: body ? body.toString() : "", passedOn: false }),
    };
    middleware()({ url } as IncomingMessage, response as unknown as ServerResponse, () =>
      resolve({ status: 0, headers, body: "", passedOn: true }),
    );
  });
}

describe("the merchant contract's reference page on the dev server (/__dev/contract/)", () => {
  it("serves a page that loads the renderer and the document from this server, no CDN", async () => {
    const page = await get("/__dev/contract/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual(["swagger-ui.css", "swagger-ui-bundle.js", "init.js"]);
    for (const source of sources) expect((await get(`/__dev/contract/${source}`)).status).toBe(200);
    expect((await get("/__dev/contract/init.js")).body).toContain('url: "openapi.json"');
  });

  it("serves the committed OpenAPI document as it is on disk, and redirects the bare path", async () => {
    const document = await get("/__dev/contract/openapi.json");
    expect(document.headers["content-type"]).toMatch(/^application\/json/);
    expect(document.body).toBe(readFileSync(documentPath, "utf8"));
    expect(await get("/__dev/contract")).toMatchObject({ status: 308, headers: { location: "/__dev/contract/" } });
    expect((await get("/__dev/contract/../../package.json")).status).toBe(404);
  });

  it("leaves every other path to the rest of the dev server", async () => {
    expect((await get("/api/me")).passedOn).toBe(true);
    expect((await get("/")).passedOn).toBe(true);
  });
});
