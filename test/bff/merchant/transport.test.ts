import { afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../../shared/errors.ts";
import { UpstreamError } from "../../../bff/lib/errors.ts";
import type { Logger } from "../../../bff/lib/log.ts";
import { createMerchantCall } from "../../../bff/merchant/transport.ts";
import { callBff, jsonBody, merchantApi, merchantRedirectHits, mintIdToken, setMerchantFault } from "../helpers.ts";

const lines: { message: string; fields?: Record<string, unknown> }[] = [];
const log: Logger = {
  info: (message, fields) => void lines.push({ message, fields }),
  warn: (message, fields) => void lines.push({ message, fields }),
  error: (message, fields) => void lines.push({ message, fields }),
};

const TIMEOUT_MS = 400;
const call = createMerchantCall({
  baseUrl: inject("merchantUrl"),
  apiKey: inject("merchantApiKey"),
  timeoutMs: TIMEOUT_MS,
  requestId: "transport-test-0001",
  log,
});
const summary = () =>
  call({
    operation: "getMemberSummary",
    method: "GET",
    path: "/v1/members/mem_0001/summary",
    ok: z.object({ memberId: z.string() }).loose(),
  });

async function upstreamCode(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return (error as UpstreamError).code;
}

afterEach(async () => {
  lines.length = 0;
  await setMerchantFault({ mode: "none" });
});

describe("merchant transport", () => {
  it("tells an outage (5xx, slow) from a refusal it did not expect (4xx): only an outage is worth a retry later", async () => {
    const caught = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error as UpstreamError,
      );
    await setMerchantFault({ mode: "server_error", times: 1 });
    const down = await caught(summary());
    expect(down?.isOutage).toBe(true);
    expect(down?.upstreamStatus).toBe(500);
    await setMerchantFault({ mode: "slow", delayMs: TIMEOUT_MS * 3, times: 1 });
    expect((await caught(summary()))?.isOutage).toBe(true);
    await setMerchantFault({ mode: "none" });
    // No member id at all: the merchant answers 404, which this call did not expect.
    const refused = await caught(call({ operation: "getMemberSummary", method: "GET", path: "/v1/members/%20/summary" }));
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused?.upstreamStatus).toBeGreaterThanOrEqual(400);
    expect(refused?.upstreamStatus).toBeLessThan(500);
    expect(refused?.isOutage).toBe(false);
  });

  it("never follows a redirect with the API key: a 3xx is upstream_invalid", async () => {
    const before = await merchantRedirectHits();
    await setMerchantFault({ mode: "redirect", times: 1 });
    expect(await upstreamCode(summary())).toBe("upstream_invalid");
    expect(await merchantRedirectHits()).toEqual(before);
  });

  it("a redirect through a BFF route answers 502 upstream_invalid and nobody gets the key", async () => {
    const before = await merchantRedirectHits();
    await setMerchantFault({ mode: "redirect", times: 1 });
    const response = await callBff("/api/me", { token: await mintIdToken({ persona: "linked" }) });
    expect(response.status).toBe(502);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_invalid");
    expect((await merchantRedirectHits()).withAuthorization).toBe(before.withAuthorization);
  });

  it("a body that arrives after the timeout is upstream_timeout (504), not upstream_invalid", async () => {
    await setMerchantFault({ mode: "slow_body", delayMs: TIMEOUT_MS * 3, times: 1 });
    const started = Date.now();
    expect(await upstreamCode(summary())).toBe("upstream_timeout");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
  });

  it("a body that arrives late through a BFF route answers 504", async () => {
    await setMerchantFault({ mode: "slow_body", delayMs: 3000, times: 1 });
    const response = await callBff("/api/me", { token: await mintIdToken({ persona: "linked" }) });
    expect(response.status).toBe(504);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_timeout");
  });

  it("a body within the timeout is read as before", async () => {
    await setMerchantFault({ mode: "slow_body", delayMs: 50, times: 1 });
    expect(await summary()).toMatchObject({ ok: true, value: { memberId: "mem_0001" } });
  });

  it("hands back a merchant refusal with our own message, and logs only the merchant's code", async () => {
    const result = await call({
      operation: "authenticateMember",
      method: "POST",
      path: "/v1/members/authenticate",
      body: { memberNumber: "1000-0001", secondFactor: { type: "pin", value: "0000" } },
      ok: z.unknown(),
      expected: [401, 422],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const merchantSaid = ErrorBody.parse(
      await (
        await merchantApi("/v1/members/authenticate", {
          method: "POST",
          body: JSON.stringify({ memberNumber: "1000-0001", secondFactor: { type: "pin", value: "0000" } }),
        })
      ).json(),
    );
    expect(result.error.error.code).toBe(merchantSaid.error.code);
    expect(result.error.error.message).not.toBe(merchantSaid.error.message);
    const logged = JSON.stringify(lines);
    expect(logged).toContain(merchantSaid.error.code);
    expect(logged).not.toContain(merchantSaid.error.message);
  });
});

describe("merchant error codes (the contract's operationErrorCodes)", () => {
  const lineLink = () =>
    call({
      operation: "getLineLink",
      method: "GET",
      path: "/v1/line-links/U0123456789abcdef0123456789abcdef",
      ok: z.unknown(),
      expected: [404],
    });

  it('hands back a listed code: 404 not_found on getLineLink is "not linked"', async () => {
    await setMerchantFault({ mode: "refusal", status: 404, code: "not_found", times: 1 });
    expect(await lineLink()).toMatchObject({ ok: false, status: 404, error: { error: { code: "not_found" } } });
  });

  it("treats a code the operation does not list as off the contract (upstream_invalid), known code or not", async () => {
    for (const code of ["conflict", "member_not_found"]) {
      await setMerchantFault({ mode: "refusal", status: 404, code, times: 1 });
      expect(await upstreamCode(lineLink())).toBe("upstream_invalid");
    }
    expect(JSON.stringify(lines)).toContain("merchant answered a code its operation does not list");
  });

  it("an unlinked user's GET /api/me answers 502 when the merchant's 404 carries a code of its own", async () => {
    await setMerchantFault({ mode: "refusal", status: 404, code: "link_not_found" });
    const response = await callBff("/api/me", { token: await mintIdToken({ persona: "unlinked" }) });
    expect(response.status).toBe(502);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_invalid");
  });
});

describe("merchant refusal text never reaches clients", () => {
  it("POST /api/staff/scans/:id/points › a redeem over the balance answers our message, not the merchant's", async () => {
    const customer = await mintIdToken({ persona: "linked" });
    const staff = await mintIdToken({ persona: "staff" });
    const card = (await (await callBff("/api/card", { token: customer })).json()) as { token: string };
    const scanned = await callBff("/api/staff/scans", { token: staff, ...jsonBody({ token: card.token }) });
    expect(scanned.status).toBe(201);
    const { scanId } = (await scanned.json()) as { scanId: string };
    const response = await callBff(`/api/staff/scans/${scanId}/points`, {
      token: staff,
      ...jsonBody({ kind: "redeem", points: 9_999, storeId: "store_shibuya" }),
      headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    });
    expect(response.status).toBe(422);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe("insufficient_points");
    // The sandbox merchant says "Only N points are available": a balance the staff screen must not learn this way.
    expect(body.error.message).not.toMatch(/Only \d+ points/);
    expect(body.error.message).toBe("The points balance is too low");
  });
});
