import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";

const token = "rate-limit-test-token";
let line: FakeLinePlatform;
beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken: token });
});
afterAll(() => line.close());

const push = (to: string) =>
  fetch(`${line.url}/v2/bot/message/push`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ to, messages: [{ type: "text", text: "hi" }] }),
  });

describe("fake LINE platform › POST /__dev/rate-limit", () => {
  it("answers 429 with Retry-After beyond the pushes allowed per second, and stops when turned off", async () => {
    const set = (pushPerSecond: number | null) =>
      fetch(`${line.url}/__dev/rate-limit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pushPerSecond }),
      });
    expect((await set(5)).status).toBe(200);
    const user = `U${"b".repeat(32)}`;
    const statuses = (await Promise.all(Array.from({ length: 12 }, () => push(user)))).map((response) => response.status);
    // The burst may straddle a second boundary: at most 10 get through, at least 2 are refused.
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
    const refused = (await Promise.all([push(user), push(user), push(user), push(user), push(user), push(user)])).find(
      (r) => r.status === 429,
    );
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect((await set(null)).status).toBe(200);
    expect((await Promise.all(Array.from({ length: 12 }, () => push(user)))).every((response) => response.status === 200)).toBe(
      true,
    );
  });
});

const multicast = (to: string[], retryKey?: string) =>
  fetch(`${line.url}/v2/bot/message/multicast`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...(retryKey ? { "x-line-retry-key": retryKey } : {}),
    },
    body: JSON.stringify({ to, messages: [{ type: "text", text: "hi" }] }),
  });

const userIds = (count: number) => Array.from({ length: count }, (_, index) => `U${index.toString(16).padStart(32, "0")}`);

describe("fake LINE platform › multicast as LINE documents it", () => {
  it("takes at most 500 recipients and answers 409 to a retry key it already accepted", async () => {
    expect((await multicast(userIds(501))).status).toBe(400);
    const key = crypto.randomUUID();
    expect((await multicast(userIds(500), key)).status).toBe(200);
    const repeat = await multicast(userIds(500), key);
    expect(repeat.status).toBe(409);
    expect(repeat.headers.get("x-line-accepted-request-id")).toBeTruthy();
  });

  it("limits multicast requests per second on their own, apart from pushes", async () => {
    const set = (body: object) =>
      fetch(`${line.url}/__dev/rate-limit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await set({ pushPerSecond: null, multicastPerSecond: 3 })).status).toBe(200);
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => multicast(userIds(2))))).map((r) => r.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
    // Pushes are not held back by the multicast limit.
    const pushes = await Promise.all(Array.from({ length: 10 }, () => push(`U${"c".repeat(32)}`)));
    expect(pushes.every((response) => response.status === 200)).toBe(true);
    expect((await set({ pushPerSecond: null, multicastPerSecond: null })).status).toBe(200);
  });
});
