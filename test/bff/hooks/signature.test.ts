import { describe, expect, it } from "vitest";
import { signMerchantEvent, verifyMerchantSignature } from "../../../bff/hooks/signature.ts";

const secret = "test-hook-secret-0123456789abcdef";
const body = JSON.stringify({ type: "points.changed", eventId: "evt_12345678" });
const now = 1_800_000_000;
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

async function verify(overrides: { body?: string; timestamp?: string; signature?: string; secret?: string; now?: number } = {}) {
  const timestamp = overrides.timestamp ?? String(now);
  const signature = overrides.signature ?? (await signMerchantEvent(secret, Number(timestamp), body));
  return verifyMerchantSignature(
    overrides.secret ?? secret,
    bytes(overrides.body ?? body),
    { timestamp, signature },
    overrides.now ?? now,
  );
}

describe("merchant event signatures", () => {
  it('are v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', async () => {
    const signature = await signMerchantEvent(secret, now, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${now}.${body}`)));
    expect(signature).toBe(`v1=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`);
  });

  it("verify for the body and timestamp they were made for", async () => {
    expect(await verify()).toEqual({ ok: true });
  });

  it("fail for another body, another timestamp or another secret", async () => {
    expect(await verify({ body: body.replace("12345678", "12345679") })).toEqual({ ok: false, reason: "mismatch" });
    expect(await verify({ signature: await signMerchantEvent(secret, now - 1, body) })).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(await verify({ secret: "another-secret" })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("are missing without a secret, timestamp or v1 value, or with a malformed one", async () => {
    const good = await signMerchantEvent(secret, now, body);
    expect(await verify({ secret: "" })).toEqual({ ok: false, reason: "missing" });
    for (const signature of ["", "v0=abcd", good.replace("v1=", "sha256="), "v1=xyz", "v1=abcd"]) {
      expect(await verify({ signature }), signature).toEqual({ ok: false, reason: "missing" });
    }
    for (const timestamp of ["", "-1", "1.5", "now", "1e9"]) {
      expect(await verify({ timestamp, signature: good }), timestamp).toEqual({ ok: false, reason: "missing" });
    }
  });

  it("accept up to 300 seconds either side of the clock, and are stale beyond", async () => {
    expect(await verify({ now: now + 300 })).toEqual({ ok: true });
    expect(await verify({ now: now - 300 })).toEqual({ ok: true });
    expect(await verify({ now: now + 301 })).toEqual({ ok: false, reason: "stale" });
    expect(await verify({ now: now - 301 })).toEqual({ ok: false, reason: "stale" });
  });

  it("judge the age of genuine signatures only, so a forger learns nothing", async () => {
    expect(await verify({ secret: "another-secret", now: now + 3600 })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accept any of several v1 values (rotating the secret), in either case", async () => {
    const good = await signMerchantEvent(secret, now, body);
    const old = await signMerchantEvent("the-old-secret", now, body);
    expect(await verify({ signature: `${old}, ${good}` })).toEqual({ ok: true });
    expect(await verify({ signature: `v1=${good.slice(3).toUpperCase()}` })).toEqual({ ok: true });
  });
});
