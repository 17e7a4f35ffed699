import { describe, expect, it } from "vitest";
import { callBff } from "../helpers.ts";

// The deliveries page and its JSON routes exist only with OPS_TOKEN, and answer only to it.
const token = "ops-route-test-token-0123456789";
const withToken = { bindings: { OPS_TOKEN: token }, drain: false };

describe("/ops", () => {
  it("serves the deliveries page with a CSP that allows only its own script and calls", async () => {
    for (const path of ["/ops/"]) {
      const page = await callBff(path, withToken);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(await page.text()).toContain('<script src="/ops/page.js"></script>');
    }
    const script = await callBff("/ops/page.js", withToken);
    expect(script.headers.get("content-type")).toContain("javascript");
  });

  it("does not exist without OPS_TOKEN, and refuses a missing or wrong token", async () => {
    expect((await callBff("/ops/", { bindings: { OPS_TOKEN: "" }, drain: false })).status).toBe(404);
    expect(
      (await callBff("/ops/deliveries", { bindings: { OPS_TOKEN: "" }, drain: false, headers: { authorization: "Bearer x" } }))
        .status,
    ).toBe(404);
    expect((await callBff("/ops/deliveries", withToken)).status).toBe(401);
    expect((await callBff("/ops/deliveries", { ...withToken, headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect(
      (await callBff("/ops/deliveries/retry-dead", { ...withToken, method: "POST", headers: { authorization: "Bearer nope" } }))
        .status,
    ).toBe(401);
  });

  it("lists deliveries by state, never with a whole LINE user id, and no-store", async () => {
    const response = await callBff("/ops/deliveries", { ...withToken, headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = (await response.json()) as { deliveries: Record<string, number>; rows: Array<{ line_user_id: string }> };
    expect(typeof body.deliveries).toBe("object");
    for (const row of body.rows) expect(row.line_user_id).not.toMatch(/^U[0-9a-f]{32}$/);
  });
});
