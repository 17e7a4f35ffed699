import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor, runDoctorCli, type DoctorCheck } from "../../bff/cli/doctor.ts";
import { startLocalFakes, type LocalFakes } from "../fakes/index.ts";

// `npm run doctor` against the fake LINE platform and the sandbox merchant: a right configuration
// passes, and each wrong setting an integrator could make is named with its fix.
let fakes: LocalFakes;
const publicUrl = "https://members.example.jp";

beforeAll(async () => {
  fakes = await startLocalFakes();
  const registered = await fetch(`${fakes.line.url}/__dev/webhook-endpoint`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: `${publicUrl}/webhook/line` }),
  });
  expect(registered.ok).toBe(true);
});

afterAll(async () => {
  await fakes.close();
});

function goodSettings(): Record<string, string> {
  return {
    LINE_API_BASE: fakes.line.url,
    LIFF_CHANNEL_ID: fakes.channelId,
    LIFF_ID: `${fakes.channelId}-devmock`,
    BFF_PUBLIC_URL: publicUrl,
    LINE_CHANNEL_ACCESS_TOKEN: fakes.channelAccessToken,
    LINE_CHANNEL_SECRET: fakes.channelSecret,
    MERCHANT_API_BASE: fakes.merchant.url,
    MERCHANT_API_KEY: fakes.merchantApiKey,
    MERCHANT_HOOK_SECRET: fakes.merchantHookSecret,
    MERCHANT_ACCOUNT_LINK_URL: "https://merchant.example.jp/line/account-link",
    MEMBER_CARD_SECRET: randomBytes(32).toString("base64"),
    OPS_TOKEN: "ops-token-for-the-doctor-test",
  };
}

// The sandbox merchant listens on plain http (loopback); production insists on https.
const doctor = (settings: Record<string, string>) => runDoctor({ settings, target: "remote", dev: true });
const problems = (checks: DoctorCheck[]) => checks.filter((check) => check.status === "problem");
const byName = (checks: DoctorCheck[], name: string) => checks.find((check) => check.name === name);

describe("npm run doctor", () => {
  it("passes a right configuration: secrets, LIFF ids, JWKS, token, webhook URL, merchant, rich menus", async () => {
    const checks = await doctor(goodSettings());
    expect(problems(checks)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        "secret LINE_CHANNEL_ACCESS_TOKEN",
        "LIFF_ID matches LIFF_CHANNEL_ID",
        "LINE JWKS",
        "LINE channel access token",
        "LINE webhook URL",
        "merchant accepts MERCHANT_API_KEY",
        "merchant answers by the contract",
        "merchant refuses another key",
        "rich menu config",
      ]),
    );
    expect(byName(checks, "LINE channel access token")?.detail).toContain(`channel ${fakes.channelId}`);
  });

  it("reports a channel access token LINE refuses, with where to issue one", async () => {
    const checks = await doctor({ ...goodSettings(), LINE_CHANNEL_ACCESS_TOKEN: "revoked-token" });
    const token = byName(checks, "LINE channel access token");
    expect(token?.status).toBe("problem");
    expect(token?.detail).toContain("LINE refused it (400");
    expect(token?.fix).toContain("npx wrangler secret put LINE_CHANNEL_ACCESS_TOKEN");
  });

  it("reports a merchant key the merchant refuses, with the setting to change", async () => {
    const checks = await doctor({ ...goodSettings(), MERCHANT_API_KEY: "not-the-merchant-key" });
    const key = byName(checks, "merchant accepts MERCHANT_API_KEY");
    expect(key?.status).toBe("problem");
    expect(key?.detail).toContain("401");
    expect(key?.fix).toContain("MERCHANT_API_KEY");
  });

  it("reports a LIFF id of another channel than LIFF_CHANNEL_ID, naming the right one", async () => {
    const checks = await doctor({ ...goodSettings(), LIFF_ID: "1234567890-abcdefgh" });
    const liff = byName(checks, "LIFF_ID matches LIFF_CHANNEL_ID");
    expect(liff?.status).toBe("problem");
    expect(liff?.fix).toContain("set LIFF_CHANNEL_ID to 1234567890");
  });

  it("reports a webhook URL that is not this BFF's", async () => {
    const checks = await doctor({ ...goodSettings(), BFF_PUBLIC_URL: "https://other.example.jp" });
    const webhook = byName(checks, "LINE webhook URL");
    expect(webhook?.status).toBe("problem");
    expect(webhook?.detail).toContain("is not https://other.example.jp/webhook/line");
    expect(webhook?.fix).toContain("Messaging API tab");
  });

  it("reports a merchant that lets another key in, and one whose answers break the contract, naming the operation", async () => {
    const settings = goodSettings();
    // A merchant that ignores the key it is given, and sends link settings the contract does not allow.
    const careless: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.startsWith(fakes.merchant.url)) return fetch(input, init);
      const answer = await fetch(url, { ...init, headers: { authorization: `Bearer ${fakes.merchantApiKey}` } });
      if (url.endsWith("/v1/link-settings")) return Response.json({ secondFactor: "password" }, { status: 200 });
      return answer;
    };
    const checks = await runDoctor({ settings, target: "remote", dev: true, fetch: careless });
    expect(byName(checks, "merchant refuses another key")).toMatchObject({
      status: "problem",
      detail: expect.stringContaining("answered 200"),
    });
    const contract = byName(checks, "merchant answers by the contract");
    expect(contract?.status).toBe("problem");
    expect(contract?.detail).toContain("GET /v1/link-settings (getLinkSettings) body does not match the contract: secondFactor");
    expect(contract?.fix).toContain("merchant-contract.openapi.json");
  });

  it("reports missing secrets and an unreachable merchant, and the CLI exits 1 with ✗ lines", async () => {
    const out: string[] = [];
    const code = await runDoctorCli(["--remote"], {
      env: { MERCHANT_API_KEY: "k", LINE_CHANNEL_ACCESS_TOKEN: "t" },
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      // wrangler.toml's placeholders: nothing to reach.
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    expect(code).toBe(1);
    expect(out).toContain("✗ secret MERCHANT_HOOK_SECRET: not set");
    expect(out.join("\n")).toContain("fix: npx wrangler secret put MERCHANT_HOOK_SECRET");
    expect(out.join("\n")).toContain("✗ MERCHANT_API_BASE");
    expect(out.at(-1)).toMatch(/problems to fix\.$/);
    // --remote loads wrangler to read wrangler.toml, which takes seconds on a busy machine.
  }, 30_000);
});
