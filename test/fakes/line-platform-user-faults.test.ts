import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";
import { devPersona } from "./personas.ts";

// Faults aimed at one user: test files running side by side against one fake platform each
// break LINE for their own users only.
const channelAccessToken = "test-channel-access-token";
const linked = devPersona("linked").lineUserId;
const staff = devPersona("staff").lineUserId;
let line: FakeLinePlatform;

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken });
});
afterAll(() => line.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${line.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const push = (to: string) =>
  post(
    "/v2/bot/message/push",
    { to, messages: [{ type: "text", text: "hi" }] },
    { authorization: `Bearer ${channelAccessToken}` },
  );

describe("fake LINE platform › faults for one user", () => {
  it("hit only calls about that user, for the given number of calls", async () => {
    expect((await post("/__dev/faults", { mode: "rate_limit", times: 1, retryAfterSeconds: 2, userId: linked })).status).toBe(
      200,
    );
    const { faults } = await (await fetch(`${line.url}/__dev/faults`)).json();
    expect(faults.messagingByUser).toEqual({ [linked]: { fault: { mode: "rate_limit", retryAfterSeconds: 2 }, remaining: 1 } });

    expect((await push(staff)).status).toBe(200);
    const limited = await push(linked);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await push(linked)).status).toBe(200);
  });

  it("also hit calls with the user in the path", async () => {
    await post("/__dev/faults", { mode: "server_error", times: 1, userId: staff });
    const response = await fetch(`${line.url}/v2/bot/user/${staff}/richmenu`, {
      headers: { authorization: `Bearer ${channelAccessToken}` },
    });
    expect(response.status).toBe(500);
  });

  it("refuse a user with the JWKS target, and a malformed user id", async () => {
    expect((await post("/__dev/faults", { mode: "server_error", target: "jwks", userId: linked })).status).toBe(400);
    expect((await post("/__dev/faults", { mode: "server_error", userId: "U123" })).status).toBe(400);
  });
});
