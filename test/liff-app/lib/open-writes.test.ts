import { describe, expect, it } from "vitest";
import { ApiError } from "../../../liff-app/lib/api-client.ts";
import { canonicalJson, closeWrite, isOutcomeOpen, openWriteKey } from "../../../liff-app/lib/open-writes.ts";

const order = {
  method: "POST",
  path: "/api/orders",
  body: { items: [{ productId: "prd_001", quantity: 1 }], total: 1620 },
} as const;

describe("open writes", () => {
  it("keeps a write's key open unless the BFF answered with a final refusal", () => {
    const refusal = (status: number, code: "bad_request" | "request_in_progress" = "bad_request") =>
      new ApiError(status, { error: { code, message: "x", requestId: "req-1" } });
    expect(isOutcomeOpen(new TypeError("Failed to fetch"))).toBe(true);
    expect(isOutcomeOpen(refusal(502))).toBe(true);
    expect(isOutcomeOpen(refusal(504))).toBe(true);
    expect(isOutcomeOpen(refusal(401))).toBe(true);
    expect(isOutcomeOpen(refusal(429))).toBe(true);
    expect(isOutcomeOpen(refusal(409, "request_in_progress"))).toBe(true);
    expect(isOutcomeOpen(refusal(422))).toBe(false);
    expect(isOutcomeOpen(refusal(404))).toBe(false);
  });

  it("gives the same write the same key until it is closed, across a reload (sessionStorage)", () => {
    const first = openWriteKey(order);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(openWriteKey({ ...order, body: { total: 1620, items: [{ quantity: 1, productId: "prd_001" }] } })).toBe(first);
    expect(Object.values(sessionStorage)).toContain(first);

    closeWrite(order);
    expect(openWriteKey(order)).not.toBe(first);
  });

  it("gives another body, path, method or LINE user another key", () => {
    const key = openWriteKey(order);
    expect(openWriteKey({ ...order, body: { ...order.body, total: 1621 } })).not.toBe(key);
    expect(openWriteKey({ ...order, path: "/api/reservations" })).not.toBe(key);
    expect(openWriteKey({ ...order, method: "PATCH" })).not.toBe(key);
    expect(openWriteKey({ ...order, owner: "U-other" })).not.toBe(key);
  });

  it("keeps personal data out of the storage keys", () => {
    openWriteKey({ method: "POST", path: "/api/link/register", body: { profile: { name: "佐藤 花子" } } });
    expect(Object.keys(sessionStorage).join()).not.toContain("佐藤");
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
  });
});
