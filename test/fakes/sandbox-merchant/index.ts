import { serveOnLoopback } from "../http-server.ts";
import { createSandboxMerchantApp } from "./app.ts";
import { MerchantDatabase } from "./database.ts";
import { MerchantEventSender } from "./merchant-events.ts";

export interface SandboxMerchantOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the /__dev controls need no API key. */
  host?: "127.0.0.1" | "::1" | "localhost";
  /** What contract calls must present as `Authorization: Bearer …`. */
  apiKey: string;
  /** Keep the data in this SQLite file across restarts; without it each start is freshly seeded. */
  dataFile?: string;
  /** Where the account-link login page redirects to LINE's dialog; the fake LINE platform's url in dev. */
  lineAccessBase?: string;
  /**
   * Signed events to the BFF (POST …/hooks/merchant) when the dev routes change an order or
   * points: the BFF's MERCHANT_HOOK_SECRET, and its URL if known yet (else POST /__dev/hook-endpoint).
   */
  merchantEvents?: { secret: string; url?: string };
}

export interface SandboxMerchant {
  /** Origin without a trailing slash; use it as MERCHANT_API_BASE. */
  url: string;
  close(): Promise<void>;
}

/** Starts a fake merchant that implements the merchant contract over a seeded SQLite database. */
export async function startSandboxMerchant(options: SandboxMerchantOptions): Promise<SandboxMerchant> {
  const db = await MerchantDatabase.open({ dataFile: options.dataFile });
  const shutdown = new AbortController();
  const app = createSandboxMerchantApp({
    db,
    apiKey: options.apiKey,
    shutdownSignal: shutdown.signal,
    lineAccessBase: options.lineAccessBase ?? "https://access.line.me",
    events: new MerchantEventSender(options.merchantEvents),
  });
  const server = await serveOnLoopback(app.fetch, { port: options.port, host: options.host }).catch((error: unknown) => {
    db.close();
    throw error;
  });
  return {
    url: server.url,
    close: async () => {
      shutdown.abort();
      await server.close();
      db.close();
    },
  };
}
