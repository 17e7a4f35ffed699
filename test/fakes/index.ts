// Local stand-ins for LINE and for a merchant, used by `npm run dev` (vite.config.ts), the BFF
// tests (vitest-global-setup.ts) and, on their own, from the command line:
//   npx tsx test/fakes/index.ts [--merchant-data-file=.wrangler/sandbox-merchant.sqlite]
//                               [--line-port=8787] [--merchant-port=8788]
import { randomBytes, randomUUID } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";
import { devPersonas } from "./personas.ts";
import { startSandboxMerchant, type SandboxMerchant } from "./sandbox-merchant/index.ts";

export type { FakeLinePlatform, FakeLinePlatformOptions, MintClaims } from "./line-platform.ts";
export type { SandboxMerchant, SandboxMerchantOptions } from "./sandbox-merchant/index.ts";

/** The LINE Login channel of the dev LIFF app (LIFF id "2000000000-devmock"). */
export const DEV_LIFF_CHANNEL_ID = "2000000000";

export interface LocalFakesOptions {
  /** Keep the sandbox merchant's data in this SQLite file; omit for fresh seed data. */
  merchantDataFile?: string;
  /** Fixed ports; each defaults to a free one. */
  port?: { line?: number; merchant?: number };
}

export interface LocalFakes {
  line: FakeLinePlatform;
  merchant: SandboxMerchant;
  channelId: string;
  channelAccessToken: string;
  /** Signs webhook deliveries (x-line-signature), as a Messaging API channel secret does. */
  channelSecret: string;
  merchantApiKey: string;
  /** Signs the sandbox merchant's events to the BFF (x-merchant-signature): the BFF's MERCHANT_HOOK_SECRET. */
  merchantHookSecret: string;
  close(): Promise<void>;
}

export interface DevLinePlatform {
  line: FakeLinePlatform;
  channelId: string;
  channelAccessToken: string;
  /** Signs webhook deliveries (x-line-signature), as a Messaging API channel secret does. */
  channelSecret: string;
  close(): Promise<void>;
}

/**
 * Starts the fake LINE platform alone, with fresh throwaway secrets: `npm run dev` in front of
 * an integrator's own merchant, and the first half of `startLocalFakes`.
 */
export async function startDevLinePlatform(options: { port?: number } = {}): Promise<DevLinePlatform> {
  const channelId = DEV_LIFF_CHANNEL_ID;
  // New secrets each start: nothing can come to depend on a fixed value.
  const channelAccessToken = `fake-channel-access-token-${randomUUID()}`;
  const channelSecret = randomBytes(16).toString("hex");
  const line = await startFakeLinePlatform({ port: options.port, channelId, channelAccessToken, channelSecret });
  return { line, channelId, channelAccessToken, channelSecret, close: () => line.close() };
}

/** Starts the fake LINE platform and the sandbox merchant with fresh throwaway secrets. */
export async function startLocalFakes(options: LocalFakesOptions = {}): Promise<LocalFakes> {
  const { line, channelId, channelAccessToken, channelSecret } = await startDevLinePlatform({ port: options.port?.line });
  const merchantApiKey = `sandbox-merchant-key-${randomUUID()}`;
  const merchantHookSecret = randomBytes(32).toString("base64url");
  const merchant = await startSandboxMerchant({
    port: options.port?.merchant,
    apiKey: merchantApiKey,
    dataFile: options.merchantDataFile,
    // The merchant's account-link login page sends customers back to LINE's dialog: here, the fake's.
    lineAccessBase: line.url,
    // Its hook URL is the dev server's, known only once that listens (POST /__dev/hook-endpoint).
    merchantEvents: { secret: merchantHookSecret },
  }).catch(async (error: unknown) => {
    await line.close();
    throw error;
  });

  return {
    line,
    merchant,
    channelId,
    channelAccessToken,
    channelSecret,
    merchantApiKey,
    merchantHookSecret,
    close: async () => {
      await Promise.all([line.close(), merchant.close()]);
    },
  };
}

async function runFromCommandLine(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "merchant-data-file": { type: "string" },
      "line-port": { type: "string" },
      "merchant-port": { type: "string" },
    },
  });
  const fakes = await startLocalFakes({
    merchantDataFile: values["merchant-data-file"],
    port: { line: optionalPort(values["line-port"]), merchant: optionalPort(values["merchant-port"]) },
  });

  console.log(`Fake LINE platform   ${fakes.line.url}   (dev page: ${fakes.line.url}/)`);
  console.log(`  channel id         ${fakes.channelId}`);
  console.log(`  access token       ${fakes.channelAccessToken}`);
  console.log(`Sandbox merchant     ${fakes.merchant.url}`);
  console.log(`  API key            ${fakes.merchantApiKey}`);
  console.log(`  data               ${values["merchant-data-file"] ?? "in memory (fresh seed)"}`);
  console.log("Personas:");
  for (const persona of devPersonas) console.log(`  ${persona.key.padEnd(9)} ${persona.lineUserId}  ${persona.displayName}`);
  console.log("Ctrl-C to stop.");

  const stop = () => {
    void fakes.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function optionalPort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${value}`);
  return port;
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  runFromCommandLine().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
