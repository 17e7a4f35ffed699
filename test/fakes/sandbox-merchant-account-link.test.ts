import { afterEach, describe, expect, it, vi } from "vitest";
import { parseContractAnswer } from "./merchant-contract-answers.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

const lineAccessBase = "https://access.line.example";
const linkToken = "LINKtoken_0123456789abcdef";

const merchant = sandboxMerchantPerTest({ lineAccessBase });
afterEach(() => vi.useRealTimers());

function logIn(fields: Record<string, string>) {
  return fetch(`${merchant.url}/line/account-link`, {
    method: "POST",
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

/** Logs in as 佐藤 花子 (1000-0002, PIN 1234) and returns the nonce from the redirect to LINE. */
async function nonceForHanako(): Promise<string> {
  const response = await logIn({ linkToken, memberNumber: "1000-0002", pin: "1234" });
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location") ?? "").searchParams.get("nonce") ?? "";
}

async function consume(nonce: string, authorization: string | null = `Bearer ${apiKey}`) {
  const response = await fetch(`${merchant.url}/v1/account-link-nonces/${encodeURIComponent(nonce)}/consume`, {
    method: "POST",
    headers: authorization === null ? {} : { authorization },
  });
  return { status: response.status, body: await parseContractAnswer("consumeAccountLinkNonce", response) };
}

describe("sandbox merchant › account-link login page", () => {
  it("shows a Japanese and English form for member number and PIN, without an API key", async () => {
    const response = await fetch(`${merchant.url}/line/account-link?linkToken=${linkToken}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await response.text();
    expect(page).toContain("会員証とLINEの連携");
    expect(page).toContain("Link your membership to LINE");
    expect(page).toContain('name="pin"');
    expect(page).toContain(`name="linkToken" value="${linkToken}"`);
  });

  it("asks for the birth date instead when the link settings say so", async () => {
    await fetch(`${merchant.url}/__dev/link-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secondFactor: "birthDate" }),
    });
    const page = await (await fetch(`${merchant.url}/line/account-link?linkToken=${linkToken}`)).text();
    expect(page).toContain('name="birthDate" type="date"');
    expect(page).not.toContain('name="pin"');

    const response = await logIn({ linkToken, memberNumber: "1000-0002", birthDate: "1992-08-23" });
    expect(response.status).toBe(303);
    expect((await logIn({ linkToken, memberNumber: "1000-0002", pin: "1234" })).status).toBe(400);
  });

  it("answers 400 with a page saying the link is not valid when the link token is missing or malformed", async () => {
    for (const query of ["", "?linkToken=", "?linkToken=%3Cscript%3E"]) {
      const response = await fetch(`${merchant.url}/line/account-link${query}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("リンクが正しくありません");
    }
    expect((await logIn({ memberNumber: "1000-0002", pin: "1234" })).status).toBe(400);
  });

  it("redirects a member who logs in (303) to LINE's account-link dialog with the link token and a fresh nonce", async () => {
    const response = await logIn({ linkToken, memberNumber: "1000-0002", pin: "1234" });

    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(`${lineAccessBase}/dialog/bot/accountLink`);
    expect(location.searchParams.get("linkToken")).toBe(linkToken);
    expect(location.searchParams.get("nonce")).toMatch(/^[A-Za-z0-9_-]{10,255}$/);
    expect(await nonceForHanako()).not.toBe(location.searchParams.get("nonce"));
  });

  it("shows the form again (401) for a wrong PIN or an unknown member, keeping the member number and making no nonce", async () => {
    for (const memberNumber of ["1000-0002", "9999-9999"]) {
      const response = await logIn({ linkToken, memberNumber, pin: "0000" });
      expect(response.status).toBe(401);
      const page = await response.text();
      expect(page).toContain("会員番号または暗証番号が正しくありません");
      expect(page).toContain(`value="${memberNumber}"`);
    }
    expect((await logIn({ linkToken, memberNumber: "1000-0002", pin: "12" })).status).toBe(400);
  });

  it("escapes what it echoes back", async () => {
    const response = await logIn({ linkToken, memberNumber: '"><script>alert(1)</script>', pin: "1234" });
    const page = await response.text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("sandbox merchant › consumeAccountLinkNonce", () => {
  it("trades a nonce for its member once; the second time it is 404", async () => {
    const nonce = await nonceForHanako();
    expect(await consume(nonce)).toEqual({ status: 200, body: { memberId: "mem_0002" } });
    expect((await consume(nonce)).status).toBe(404);
  });

  it("lets only one of several concurrent trades win", async () => {
    const nonce = await nonceForHanako();
    const results = await Promise.all([consume(nonce), consume(nonce), consume(nonce)]);
    expect(results.map((result) => result.status).sort((a, b) => a - b)).toEqual([200, 404, 404]);
  });

  it("refuses a nonce older than 10 minutes", async () => {
    const nonce = await nonceForHanako();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 + 1 });
    expect((await consume(nonce)).status).toBe(404);
  });

  it("still honours a nonce just before it expires", async () => {
    const nonce = await nonceForHanako();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 9 * 60_000 });
    expect((await consume(nonce)).status).toBe(200);
  });

  it("answers 404 to an unknown nonce, 400 to a malformed one, and 401 without the API key", async () => {
    expect((await consume("never-issued-nonce-123")).status).toBe(404);
    expect((await consume("short")).status).toBe(400);
    expect((await consume(await nonceForHanako(), null)).status).toBe(401);
  });
});
