import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { brandPlugin } from "./liff-app/build/brand-plugin.ts";
import { contractReferencePlugin } from "./liff-app/build/contract-reference-plugin.ts";
import { preactAliases } from "./liff-app/build/preact-aliases.ts";
import { startLocalFakes, type LocalFakes } from "./test/fakes/index.ts";

const projectRoot = fileURLToPath(new URL(".", import.meta.url));
const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `vite dev` runs on local fakes of LINE and of a merchant, started here and stopped with the
// server, and points the Worker at them through its ordinary configuration. `vite build`
// starts nothing and keeps wrangler.toml's values.
export default defineConfig(async ({ command }) => {
  // Dev keeps the sandbox merchant's data between runs; browser tests start afresh. The BFF's
  // own state (outbox, idempotency records) refers to the merchant's ids, so it starts afresh
  // with it: a fresh merchant hands out the same order ids again.
  const fresh = process.env.SANDBOX_MERCHANT_PERSIST === "off";
  const statePath = fresh ? mkdtempSync(join(tmpdir(), "line-membership-state-")) : fromRoot(".wrangler/state");
  // The BFF's local D1 gets its tables before the Worker serves a request.
  const migrated = command === "serve" ? applyLocalD1Migrations(statePath) : Promise.resolve();
  const fakes =
    command === "serve" && process.env.LOCAL_FAKES !== "off"
      ? await startLocalFakes({ merchantDataFile: fresh ? undefined : fromRoot(".wrangler/sandbox-merchant.sqlite") })
      : null;

  await migrated;
  const devOpsToken = process.env.OPS_TOKEN ?? randomBytes(18).toString("base64url");
  if (fakes) {
    console.log(`  Deliveries page: <the URL below>/ops/#token=${devOpsToken}   (npm run deliveries: OPS_TOKEN=${devOpsToken})`);
    // Rich menus on the fake LINE platform, and the file `npm run richmenu:dev` reads to reach
    // these fakes. Rendering takes a couple of seconds, so the server does not wait for it.
    const { applyRichMenusToFakes, writeDevFakesFile } = await import("./bff/richmenu/dev.ts");
    const devFakes = {
      lineUrl: fakes.line.url,
      channelAccessToken: fakes.channelAccessToken,
      merchantUrl: fakes.merchant.url,
      merchantApiKey: fakes.merchantApiKey,
      liffId: `${fakes.channelId}-devmock`,
    };
    writeDevFakesFile(devFakes);
    void applyRichMenusToFakes(devFakes);
  }

  return {
    root: fromRoot("liff-app"),
    envDir: projectRoot,
    publicDir: fromRoot("liff-app/public"),
    build: { outDir: fromRoot("dist"), emptyOutDir: true },
    resolve: { alias: preactAliases },
    plugins: [
      react(),
      brandPlugin({ configPath: fromRoot("brand/brand.config.json") }),
      contractReferencePlugin({ documentPath: fromRoot("shared/merchant-contract.openapi.json") }),
      cloudflare({
        configPath: fromRoot("wrangler.toml"),
        persistState: { path: statePath },
        ...(fakes
          ? {
              config: {
                vars: {
                  LINE_API_BASE: fakes.line.url,
                  LIFF_CHANNEL_ID: fakes.channelId,
                  LIFF_ID: `${fakes.channelId}-devmock`,
                  LINE_CHANNEL_ACCESS_TOKEN: fakes.channelAccessToken,
                  LINE_CHANNEL_SECRET: fakes.channelSecret,
                  MERCHANT_ACCOUNT_LINK_URL: `${fakes.merchant.url}/line/account-link`,
                  MERCHANT_API_BASE: fakes.merchant.url,
                  MERCHANT_API_KEY: fakes.merchantApiKey,
                  // Member card QR tokens live 60 s, so a new key per dev start costs nothing.
                  MEMBER_CARD_SECRET: randomBytes(32).toString("base64"),
                  // The sandbox merchant signs its events with the same throwaway secret.
                  MERCHANT_HOOK_SECRET: fakes.merchantHookSecret,
                  // The deliveries page (/ops/) and `npm run deliveries` in dev.
                  OPS_TOKEN: devOpsToken,
                },
              },
            }
          : {}),
      }),
      devSecurityHeaders(),
      ...(fakes ? [stopWithServer(fakes), registerWebhookEndpoint(fakes), registerMerchantHookEndpoint(fakes)] : []),
    ],
    server: {
      proxy: fakes
        ? {
            // Same-origin paths for the fakes' dev pages and the persona token minting, so a
            // phone on the LAN reaches them through the one dev server.
            "/__fake-line": { target: fakes.line.url, rewrite: (path: string) => path.replace(/^\/__fake-line/, "") },
            "/__merchant": { target: fakes.merchant.url, rewrite: (path: string) => path.replace(/^\/__merchant/, "") },
          }
        : undefined,
    },
  };
});

/**
 * The production headers of liff-app/public/_headers on the dev server too, so a source the CSP
 * does not allow shows up in dev. Relaxed only for what dev alone needs: the React refresh
 * preamble is an inline script, Vite injects CSS as <style> elements, HMR talks over a
 * WebSocket, and a phone on the LAN reaches the server over plain http.
 */
function devSecurityHeaders(): Plugin {
  const relax: Record<string, string[]> = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "connect-src": ["ws:", "wss:"],
  };
  const headers = readAssetHeaders(fromRoot("liff-app/public/_headers"));
  const csp = (headers.get("content-security-policy") ?? "")
    .split(";")
    .map((directive) => directive.trim())
    .filter((directive) => directive && directive !== "upgrade-insecure-requests")
    .map((directive) => {
      const name = directive.split(/\s+/)[0];
      return relax[name] ? `${directive} ${relax[name].join(" ")}` : directive;
    })
    .join("; ");
  headers.set("content-security-policy", csp);
  return {
    name: "dev-security-headers",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [name, value] of headers) res.setHeader(name, value);
        next();
      });
    },
  };
}

/** The headers of the `/*` rule in a Workers static assets `_headers` file. */
function readAssetHeaders(path: string): Map<string, string> {
  const headers = new Map<string, string>();
  let inAllRule = false;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      inAllRule = line.trim() === "/*";
      continue;
    }
    const separator = line.indexOf(":");
    if (inAllRule && separator > 0) headers.set(line.slice(0, separator).trim().toLowerCase(), line.slice(separator + 1).trim());
  }
  return headers;
}

function stopWithServer(fakes: LocalFakes): Plugin {
  return {
    name: "local-fakes",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("close", () => void fakes.close());
    },
  };
}

/** Tells the fake LINE platform where this dev server's webhook is, once it listens. */
function registerWebhookEndpoint(fakes: LocalFakes): Plugin {
  return {
    name: "fake-line-webhook-endpoint",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("listening", () => {
        const address = server.httpServer?.address();
        const port = typeof address === "object" && address ? address.port : 5173;
        void fetch(`${fakes.line.url}/__dev/webhook-endpoint`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ url: `http://localhost:${port}/webhook/line` }),
        });
      });
    },
  };
}

/** Tells the sandbox merchant where to POST its signed order and points events, once the server listens. */
function registerMerchantHookEndpoint(fakes: LocalFakes): Plugin {
  return {
    name: "sandbox-merchant-hook-endpoint",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("listening", () => {
        const address = server.httpServer?.address();
        const port = typeof address === "object" && address ? address.port : 5173;
        void fetch(`${fakes.merchant.url}/__dev/hook-endpoint`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ url: `http://localhost:${port}/hooks/merchant` }),
        });
      });
    },
  };
}

/** Applies bff/migrations to the local D1 that `vite dev` uses (the same state as wrangler's). */
async function applyLocalD1Migrations(statePath: string): Promise<void> {
  const wrangler = fromRoot("node_modules/wrangler/bin/wrangler.js");
  const args = ["d1", "migrations", "apply", "DB", "--local", "--persist-to", statePath];
  try {
    await promisify(execFile)(process.execPath, [wrangler, ...args], { cwd: projectRoot });
  } catch (error) {
    const output = error instanceof Error && "stderr" in error ? String(error.stderr) : String(error);
    throw new Error(`applying the local D1 migrations failed:\n${output}`);
  }
}
