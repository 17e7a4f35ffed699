import { randomBytes } from "node:crypto";
import { readFileSync, watch } from "node:fs";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ViteDevServer } from "vite";
import {
  decideDevMode,
  devHookSecret,
  loadSettings,
  writeDevFakesFile,
  type DevMode,
  type OwnMerchant,
} from "./bff/cli/dev-settings.ts";
import { brandPlugin } from "./liff-app/build/brand-plugin.ts";
import { contractReferencePlugin } from "./liff-app/build/contract-reference-plugin.ts";
import { preactAliases } from "./liff-app/build/preact-aliases.ts";
import { preloadMockLiffPlugin } from "./liff-app/build/preload-mock-liff-plugin.ts";
import { startDevLinePlatform, startLocalFakes, type FakeLinePlatform, type SandboxMerchant } from "./test/fakes/index.ts";

const projectRoot = fileURLToPath(new URL(".", import.meta.url));
const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `vite dev` runs on local fakes of LINE and of a merchant, started here and stopped with the
// server, and points the Worker at them through its ordinary configuration. With
// MERCHANT_API_BASE set (environment or .dev.vars) it runs the fake LINE platform alone in front
// of that merchant. `vite build` starts nothing and keeps wrangler.toml's values.
//
// Editing .dev.vars restarts the Vite server inside this process (`reloadOnDevVars`), which
// evaluates this config again: the fakes, the local D1's migrations and the state folder are kept
// from the previous evaluation (`devRuntime`), so a reload costs the Worker's restart (3 to 7 s),
// not the fakes', the migrations' and the dependency scan's (35 to 60 s).
export default defineConfig(async ({ command }) => {
  const settings = loadSettings({ env: process.env, envFile: devVarsPath });
  const mode: DevMode = command === "serve" ? decideDevMode(settings, () => devHookSecret()) : { kind: "no-fakes" };
  if (mode.kind === "invalid") {
    throw new Error(`npm run dev cannot start with these settings (environment, .dev.vars):\n  ${mode.problems.join("\n  ")}`);
  }
  const runtime = devRuntime();
  const generation = ++runtime.generation;
  // Dev keeps the sandbox merchant's data between runs; browser tests start afresh. The BFF's
  // own state (outbox, idempotency records) refers to the merchant's ids, so it starts afresh
  // with it: a fresh merchant hands out the same order ids again.
  const fresh = process.env.SANDBOX_MERCHANT_PERSIST === "off";
  const statePath = fresh
    ? (runtime.freshStatePath ??= mkdtempSync(join(tmpdir(), "line-membership-state-")))
    : fromRoot(".wrangler/state");
  // The BFF's local D1 gets its tables before the Worker serves a request (once per process).
  const migrated =
    command === "serve" && !runtime.migrated.has(statePath)
      ? applyLocalD1Migrations(statePath).then(() => void runtime.migrated.add(statePath))
      : Promise.resolve();
  const fakes = mode.kind === "sandbox" || mode.kind === "own-merchant" ? await devFakes(runtime, mode, fresh, settings) : null;

  await migrated;
  const devOpsToken = (settings.OPS_TOKEN || undefined) ?? (runtime.opsToken ??= randomBytes(18).toString("base64url"));
  if (fakes) {
    const merchantChanged = runtime.richMenusFor !== `${fakes.key}|${fakes.merchant.url}|${fakes.merchant.apiKey}`;
    if (merchantChanged) {
      runtime.richMenusFor = `${fakes.key}|${fakes.merchant.url}|${fakes.merchant.apiKey}`;
      // Rich menus on the fake LINE platform, with the linked menu for the members the merchant
      // has linked. Rendering takes a couple of seconds, so the server does not wait for it.
      const { applyRichMenusToFakes } = await import("./bff/richmenu/dev.ts");
      void applyRichMenusToFakes({
        lineUrl: fakes.line.url,
        channelAccessToken: fakes.channelAccessToken,
        merchantUrl: fakes.merchant.url,
        merchantApiKey: fakes.merchant.apiKey,
        liffId: `${fakes.channelId}-devmock`,
      });
    }
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
      preloadMockLiffPlugin(),
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
                  MERCHANT_ACCOUNT_LINK_URL: fakes.merchant.accountLinkUrl,
                  MERCHANT_API_BASE: fakes.merchant.url,
                  MERCHANT_API_KEY: fakes.merchant.apiKey,
                  // Member card QR tokens live 60 s, so a new key per dev start costs nothing.
                  MEMBER_CARD_SECRET: (runtime.memberCardSecret ??= randomBytes(32).toString("base64")),
                  // The merchant signs its events with this secret (the sandbox's is throwaway).
                  MERCHANT_HOOK_SECRET: fakes.merchant.hookSecret,
                  // The deliveries page (/ops/) and `npm run deliveries` in dev.
                  OPS_TOKEN: devOpsToken,
                },
              },
            }
          : {}),
      }),
      devSecurityHeaders(),
      reloadOnDevVars(),
      ...(fakes
        ? [
            stopWithServer(runtime, generation),
            announceWhenListening(fakes, mode, devOpsToken),
            registerWebhookEndpoint(fakes),
            ...(fakes.sandbox ? [registerMerchantHookEndpoint(fakes.sandbox)] : []),
          ]
        : []),
    ],
    server: {
      proxy: fakes
        ? {
            // Same-origin paths for the fakes' dev pages and the persona token minting, so a
            // phone on the LAN reaches them through the one dev server.
            "/__fake-line": { target: fakes.line.url, rewrite: (path: string) => path.replace(/^\/__fake-line/, "") },
            ...(fakes.sandbox
              ? {
                  "/__merchant": {
                    target: fakes.sandbox.url,
                    rewrite: (path: string) => path.replace(/^\/__merchant/, ""),
                  },
                }
              : {}),
          }
        : undefined,
    },
  };
});

const devVarsPath = fromRoot(".dev.vars");

/** The fakes `npm run dev` runs, whichever merchant sits behind them. */
interface DevFakes {
  /** Which fakes these are: a reload with the same key keeps them. */
  key: string;
  line: FakeLinePlatform;
  channelId: string;
  channelAccessToken: string;
  channelSecret: string;
  merchant: { url: string; apiKey: string; hookSecret: string; accountLinkUrl: string };
  /** The sandbox merchant, when it is the merchant. */
  sandbox: SandboxMerchant | null;
  close(): Promise<void>;
}

/** What outlives one evaluation of this config: a .dev.vars reload evaluates it again in the same process. */
interface DevRuntime {
  generation: number;
  fakes?: DevFakes;
  migrated: Set<string>;
  freshStatePath?: string;
  opsToken?: string;
  memberCardSecret?: string;
  richMenusFor?: string;
}

function devRuntime(): DevRuntime {
  // The config is bundled afresh on each reload, so only globalThis outlives an evaluation.
  const holder = globalThis as typeof globalThis & { __lineMembershipDev?: DevRuntime };
  return (holder.__lineMembershipDev ??= { generation: 0, migrated: new Set() });
}

/** The running fakes when they fit these settings; otherwise the old ones stop and new ones start. */
async function devFakes(
  runtime: DevRuntime,
  mode: Extract<DevMode, { kind: "sandbox" | "own-merchant" }>,
  fresh: boolean,
  settings: Record<string, string | undefined>,
): Promise<DevFakes> {
  const linePort = settings.FAKE_LINE_PORT ? Number(settings.FAKE_LINE_PORT) : undefined;
  const key = mode.kind === "sandbox" ? `sandbox:${fresh}` : `own-merchant:${linePort ?? ""}`;
  const running = runtime.fakes;
  if (running?.key === key) {
    // Same fakes; an own merchant's settings may have changed in .dev.vars.
    if (mode.kind === "own-merchant") running.merchant = merchantOf(mode.merchant);
    return running;
  }
  if (running) await running.close();
  runtime.fakes = undefined;

  let started: DevFakes;
  if (mode.kind === "sandbox") {
    const fakes = await startLocalFakes({
      merchantDataFile: fresh ? undefined : fromRoot(".wrangler/sandbox-merchant.sqlite"),
      port: { line: linePort },
    });
    started = {
      key,
      line: fakes.line,
      channelId: fakes.channelId,
      channelAccessToken: fakes.channelAccessToken,
      channelSecret: fakes.channelSecret,
      merchant: {
        url: fakes.merchant.url,
        apiKey: fakes.merchantApiKey,
        hookSecret: fakes.merchantHookSecret,
        accountLinkUrl: `${fakes.merchant.url}/line/account-link`,
      },
      sandbox: fakes.merchant,
      close: () => fakes.close(),
    };
  } else {
    const platform = await startDevLinePlatform({ port: linePort });
    started = { key, ...platform, merchant: merchantOf(mode.merchant), sandbox: null };
  }
  runtime.fakes = started;
  return started;
}

function merchantOf(merchant: OwnMerchant): DevFakes["merchant"] {
  return {
    url: merchant.apiBase,
    apiKey: merchant.apiKey,
    hookSecret: merchant.hookSecret,
    accountLinkUrl: merchant.accountLinkUrl,
  };
}

/**
 * Reloads on .dev.vars: creating, editing or deleting it restarts the Vite server, which reads the
 * settings again (and the Cloudflare plugin the Worker's variables). Vite's own watcher covers only
 * the app's root, and a file that does not exist yet cannot be watched, so this watches the
 * project folder for that one name.
 */
function reloadOnDevVars(): Plugin {
  return {
    name: "reload-on-dev-vars",
    apply: "serve",
    configureServer(server) {
      let pending: ReturnType<typeof setTimeout> | undefined;
      const watcher = watch(projectRoot, { persistent: false }, (_event, name) => {
        if (name !== ".dev.vars") return;
        // Editors write a file in several steps: restart once they are done.
        clearTimeout(pending);
        pending = setTimeout(() => {
          server.config.logger.info(".dev.vars changed: reloading the settings", { timestamp: true });
          void server.restart();
        }, 150);
      });
      server.httpServer?.once("close", () => {
        clearTimeout(pending);
        watcher.close();
      });
    },
  };
}

/** Prints what the integrator needs once the port is known, and writes what the `--dev` CLIs read. */
function announceWhenListening(fakes: DevFakes, mode: DevMode, opsToken: string): Plugin {
  return {
    name: "announce-dev-settings",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("listening", () => {
        const origin = `http://localhost:${listeningPort(server)}`;
        writeDevFakesFile({
          lineUrl: fakes.line.url,
          channelAccessToken: fakes.channelAccessToken,
          merchantUrl: fakes.merchant.url,
          merchantApiKey: fakes.merchant.apiKey,
          liffId: `${fakes.channelId}-devmock`,
          devServerUrl: origin,
          opsToken,
        });
        const lines = [
          `  Deliveries page: ${origin}/ops/#token=${opsToken}   (npm run deliveries reads the token itself)`,
          `  Merchant contract reference: ${origin}/__dev/contract/`,
        ];
        if (mode.kind === "own-merchant") {
          const { merchant } = mode;
          lines.push(
            `  Own merchant: ${merchant.apiBase} (no sandbox merchant; the fake LINE platform is at ${fakes.line.url})`,
            `    The merchant POSTs its signed events to   ${origin}/hooks/merchant`,
            `    signed with MERCHANT_HOOK_SECRET          ${merchant.hookSecret}` +
              (merchant.hookSecretGenerated ? `   (generated, kept in .wrangler/dev-merchant-hook-secret)` : ""),
            `    Its login page (MERCHANT_ACCOUNT_LINK_URL) ${merchant.accountLinkUrl}` +
              (merchant.accountLinkUrlAssumed ? "   (assumed: set MERCHANT_ACCOUNT_LINK_URL)" : ""),
            `    sends customers on to LINE's dialog       ${origin}/__fake-line/dialog/bot/accountLink?linkToken=…&nonce=…`,
            `    (in production https://access.line.me/dialog/bot/accountLink)`,
            `  Webhook: the fake LINE platform signs events to ${origin}/webhook/line with channel secret ${fakes.channelSecret}`,
            `  Editing .dev.vars reloads these settings in a few seconds; no restart needed.`,
            ...mode.warnings.map((warning) => `  ! ${warning}`),
          );
        }
        for (const line of lines) server.config.logger.info(line);
      });
    },
  };
}

function listeningPort(server: ViteDevServer): number {
  const address = server.httpServer?.address();
  return typeof address === "object" && address ? address.port : 5173;
}

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

/** Stops the fakes with the server, unless a reload's newer configuration took them over. */
function stopWithServer(runtime: DevRuntime, generation: number): Plugin {
  return {
    name: "local-fakes",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("close", () => {
        if (runtime.generation !== generation) return;
        // The last server closed: a server created after this one (the browser tests make one
        // per file) starts afresh, with new fakes, secrets and (fresh) state folder.
        void runtime.fakes?.close();
        Object.assign(runtime, {
          fakes: undefined,
          freshStatePath: undefined,
          opsToken: undefined,
          memberCardSecret: undefined,
          richMenusFor: undefined,
        });
      });
    },
  };
}

/** Tells the fake LINE platform where this dev server's webhook is, once it listens. */
function registerWebhookEndpoint(fakes: DevFakes): Plugin {
  return {
    name: "fake-line-webhook-endpoint",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("listening", () => {
        void fetch(`${fakes.line.url}/__dev/webhook-endpoint`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ url: `http://localhost:${listeningPort(server)}/webhook/line` }),
        });
      });
    },
  };
}

/** Tells the sandbox merchant where to POST its signed order and points events, once the server listens. */
function registerMerchantHookEndpoint(sandbox: SandboxMerchant): Plugin {
  return {
    name: "sandbox-merchant-hook-endpoint",
    apply: "serve",
    configureServer(server) {
      server.httpServer?.once("listening", () => {
        void fetch(`${sandbox.url}/__dev/hook-endpoint`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ url: `http://localhost:${listeningPort(server)}/hooks/merchant` }),
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
