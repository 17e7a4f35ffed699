// @vitest-environment node
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// HTTP caching of the app as Workers static assets serve it: liff-app/public/_headers copied
// beside a built shell and a hashed asset, served by Miniflare's own asset worker (the same code
// that serves them on Cloudflare), with the SPA fallback of wrangler.toml.

const headersFile = fileURLToPath(new URL("../../../liff-app/public/_headers", import.meta.url));
const HASHED = "/assets/card-screen-Bx9aZ1q2.js";
let directory: string;
let mf: Miniflare;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "assets-"));
  mkdirSync(join(directory, "assets"));
  writeFileSync(join(directory, "index.html"), "<!doctype html><title>shell</title>");
  writeFileSync(join(directory, HASHED), "export {};");
  copyFileSync(headersFile, join(directory, "_headers"));
  mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response('worker', { status: 404 }); } }",
    compatibilityDate: "2026-04-20",
    assets: { directory, assetConfig: { not_found_handling: "single-page-application" } },
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => mf.dispatchFetch(`http://app.test${path}`, { headers });

describe("the app's HTTP caching (liff-app/public/_headers)", () => {
  it("revalidates the HTML shell on every open, with an ETag that answers 304 when nothing changed", async () => {
    const shell = await get("/card");
    expect(await shell.text()).toContain("shell");
    expect(shell.headers.get("cache-control")).toBe("no-cache");
    const etag = shell.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await get("/card", { "if-none-match": etag! });
    expect(again.status).toBe(304);
    await again.arrayBuffer();
  });

  it("lets the browser keep hashed assets a year without asking", async () => {
    const asset = await get(HASHED);
    await asset.arrayBuffer();
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // The security headers of every asset still apply.
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
