import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import { callBff, jsonBody, merchantCallCount, mintIdToken } from "./helpers.ts";

const memberNumberAndPin = { memberNumber: "1000-0002", secondFactor: { type: "pin", value: "1234" } };

/** A JSON body of about `bytes` bytes that the link route would otherwise read and act on. */
const bigLinkBody = (bytes: number) => JSON.stringify({ ...memberNumberAndPin, padding: "x".repeat(bytes) });

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 4096) controller.enqueue(bytes.subarray(offset, offset + 4096));
      controller.close();
    },
  });
}

describe("security headers on every Worker answer", () => {
  it.each(["/api/health", "/api/me", "/api/no-such-route", "/webhook/line"])(
    "%s: nosniff, no referrer, no framing, nothing may load",
    async (path) => {
      const response = await callBff(path);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    },
  );
});

describe("Cache-Control on /api/*", () => {
  it("GET /api/me › is never stored (200, and the 401 too)", async () => {
    const ok = await callBff("/api/me", { token: await mintIdToken({ persona: "linked" }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const refused = await callBff("/api/me");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("GET /api/health and an unknown route › no-store as well", async () => {
    expect((await callBff("/api/health")).headers.get("cache-control")).toBe("no-store");
    expect((await callBff("/api/nothing-here")).headers.get("cache-control")).toBe("no-store");
  });

  it("GET /api/reservations/stores › keeps its own short private caching (public store list)", async () => {
    const response = await callBff("/api/reservations/stores", { token: await mintIdToken({ persona: "linked" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, max-age=60");
  });
});

describe("request body limit on /api/*", () => {
  it.each([
    ["1 MB", 1024 * 1024],
    ["5 MB", 5 * 1024 * 1024],
    ["just over 16 KB", 16 * 1024],
  ])("POST /api/link › refuses a %s body with 413 payload_too_large and never acts on it", async (_label, bytes) => {
    const token = await mintIdToken({ persona: "unlinked" });
    const before = await merchantCallCount();
    const response = await callBff("/api/link", {
      token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bigLinkBody(bytes),
    });
    expect(response.status).toBe(413);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.requestId).toBeTruthy();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await merchantCallCount()).toBe(before);
  });

  it("POST /api/link › refuses a streamed body without Content-Length once it passes the limit", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const before = await merchantCallCount();
    const response = await callBff("/api/link", {
      token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: streamOf(bigLinkBody(1024 * 1024)),
      // @ts-expect-error: workerd's RequestInit takes duplex like the browsers' does
      duplex: "half",
    });
    expect(response.status).toBe(413);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("payload_too_large");
    expect(await merchantCallCount()).toBe(before);
  });

  it("POST /api/link › still reads a small body (a malformed one is a 400 bad_request)", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const response = await callBff("/api/link", {
      token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
  });

  it("POST /api/link › an ordinary body passes the limit", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const response = await callBff("/api/link", {
      token,
      ...jsonBody({ memberNumber: "0000-0000", secondFactor: { type: "pin", value: "0000" } }),
    });
    expect(response.status).not.toBe(413);
  });
});
