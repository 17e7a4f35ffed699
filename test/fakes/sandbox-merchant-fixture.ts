import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { startSandboxMerchant, type SandboxMerchant, type SandboxMerchantOptions } from "./sandbox-merchant/index.ts";

/** The key the sandbox merchant under test expects. */
export const SANDBOX_TEST_API_KEY = "test-merchant-api-key";

/**
 * One sandbox merchant for a test file, started before its tests, back on fresh seed data
 * before each one, stopped after. Read `url` inside tests (it exists once started).
 */
export function sandboxMerchantPerTest(options: Omit<SandboxMerchantOptions, "apiKey"> = {}): { readonly url: string } {
  let merchant: SandboxMerchant | undefined;
  beforeAll(async () => {
    merchant = await startSandboxMerchant({ apiKey: SANDBOX_TEST_API_KEY, ...options });
  });
  afterAll(() => merchant?.close());
  beforeEach(async () => {
    expect((await fetch(`${started().url}/__dev/reset`, { method: "POST" })).status).toBe(200);
  });
  const started = () => {
    if (!merchant) throw new Error("the sandbox merchant has not started");
    return merchant;
  };
  return {
    get url() {
      return started().url;
    },
  };
}
