import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";

// The merchant contract as a readable reference page on the dev server, at /__dev/contract/:
// shared/merchant-contract.openapi.json rendered by Swagger UI (the swagger-ui-dist package's
// prebuilt bundle, served from node_modules: no CDN). Dev only; nothing of it is built or deployed.

export const CONTRACT_REFERENCE_PATH = "/__dev/contract/";

export interface ContractReferencePluginOptions {
  /** The OpenAPI document (`npm run openapi` writes it); read on every request, so a regenerated one shows at once. */
  documentPath: string;
}

// "Try it out" stays off: a call would need the merchant's API key, which the page must not hold.
const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#reference",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    filter: true,
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Merchant contract: reference</title>
    <link rel="stylesheet" href="swagger-ui.css" />
  </head>
  <body>
    <main id="reference"></main>
    <script src="swagger-ui-bundle.js"></script>
    <script src="init.js"></script>
  </body>
</html>
`;

/** Serves the merchant contract's reference page at /__dev/contract/ on `vite dev`. */
export function contractReferencePlugin({ documentPath }: ContractReferencePluginOptions): Plugin {
  return {
    name: "contract-reference",
    apply: "serve",
    configureServer(server) {
      // Found when the dev server starts, so `vite build` never needs the renderer.
      const distDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
      const assets: Record<string, { file: string; type: string }> = {
        "swagger-ui.css": { file: join(distDir, "swagger-ui.css"), type: "text/css; charset=utf-8" },
        "swagger-ui-bundle.js": { file: join(distDir, "swagger-ui-bundle.js"), type: "text/javascript; charset=utf-8" },
      };
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? "").split("?")[0]!;
        if (path === CONTRACT_REFERENCE_PATH.slice(0, -1)) {
          res.statusCode = 308;
          res.setHeader("location", CONTRACT_REFERENCE_PATH);
          res.end();
          return;
        }
        if (!path.startsWith(CONTRACT_REFERENCE_PATH)) return next();
        const name = path.slice(CONTRACT_REFERENCE_PATH.length);
        const send = (type: string, body: string | Buffer) => {
          res.statusCode = 200;
          res.setHeader("content-type", type);
          res.setHeader("cache-control", "no-store");
          res.end(body);
        };
        if (name === "") return send("text/html; charset=utf-8", PAGE);
        if (name === "init.js") return send("text/javascript; charset=utf-8", INIT_SCRIPT);
        if (name === "openapi.json") return send("application/json; charset=utf-8", readFileSync(documentPath));
        const asset = assets[name];
        if (asset) return send(asset.type, readFileSync(asset.file));
        res.statusCode = 404;
        res.setHeader("content-type", "text/plain; charset=utf-8");
        res.end("Not found");
      });
    },
  };
}
