import { afterEach, describe, expect, it, vi } from "vitest";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { UpstreamError } from "../../../bff/lib/errors.ts";

const log = { info: () => {}, warn: () => {}, error: () => {} };
const client = () =>
  createMerchantClient({ baseUrl: "https://merchant.test", apiKey: "k", timeoutMs: 1000, requestId: "r", log });
const someone = `U${"a".repeat(32)}`;

function merchantAnswers(status: number, body: unknown) {
  return vi
    .spyOn(globalThis, "fetch")
    .mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
}

afterEach(() => vi.restoreAllMocks());

describe("merchant client › evaluateSegment", () => {
  it("posts the filter and page to /v1/segments/members and reads the page", async () => {
    const fetch = merchantAnswers(200, { lineUserIds: [someone], nextCursor: "c2", total: 7 });
    const page = await client().evaluateSegment({ filter: { rankCodes: ["gold"] }, cursor: "c1", limit: 1000 });
    expect(page).toEqual({ lineUserIds: [someone], nextCursor: "c2", total: 7 });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe("https://merchant.test/v1/segments/members");
    expect(typeof init?.body === "string" ? JSON.parse(init.body) : null).toEqual({
      filter: { rankCodes: ["gold"] },
      cursor: "c1",
      limit: 1000,
    });
  });

  it("treats a page off the contract (not a LINE user id) as a merchant error", async () => {
    merchantAnswers(200, { lineUserIds: ["mem_0001"], nextCursor: null, total: 1 });
    await expect(client().evaluateSegment({ filter: {} })).rejects.toBeInstanceOf(UpstreamError);
  });
});
