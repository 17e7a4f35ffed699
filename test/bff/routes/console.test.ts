import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../../bff/app.ts";
import { recordConsoleAction } from "../../../bff/console/audit.ts";
import { ConsoleAuditResponse, ConsoleMeResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, freshLineUserId, mintIdToken } from "../helpers.ts";

// The console is for the merchant's admins only: 高橋 美咲 (the "admin" persona) has the admin
// role; 鈴木 一郎 (staff) and 森 直子 (a manager) are staff without it.
const MANAGER_LINE_USER = "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b";
let adminToken: string;

beforeAll(async () => {
  adminToken = await mintIdToken({ persona: "admin" });
});

/** Every console route the BFF has, as a request to try: path parameters filled with a plausible id. */
function consoleRoutes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return app.routes
    .filter((route) => route.path.startsWith("/api/console/") && route.method !== "ALL")
    .map((route) => ({ method: route.method, path: route.path.replace(/:[A-Za-z]+/g, "x1") }))
    .filter((route) => {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

describe("the console's guard", () => {
  it("lets an admin in, by the name the merchant lists", async () => {
    const response = await callBff("/api/console/me", { token: adminToken });
    expect(response.status).toBe(200);
    expect(ConsoleMeResponse.parse(await response.json())).toEqual({ name: "高橋 美咲" });
  });

  it("answers every console route with the same neutral 403 to staff without the admin role and to customers", async () => {
    const routes = consoleRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(2);
    const callers = await Promise.all([
      mintIdToken({ persona: "staff" }),
      mintIdToken({ sub: MANAGER_LINE_USER }),
      mintIdToken({ persona: "linked" }),
      mintIdToken({ sub: freshLineUserId() }),
    ]);
    for (const token of callers) {
      for (const route of routes) {
        const response = await callBff(route.path, {
          token,
          method: route.method,
          ...(route.method === "GET" ? {} : { body: "{}", headers: { "content-type": "application/json" } }),
        });
        expect({ route, status: response.status }).toEqual({ route, status: 403 });
        const body = ErrorBody.parse(await response.json());
        expect(body.error.code).toBe("forbidden");
        expect(body.error.message).toBe("Forbidden");
      }
    }
  });

  it("answers 401 without a valid ID token, before asking who the caller is", async () => {
    for (const route of consoleRoutes()) {
      const response = await callBff(route.path, { token: "not-a-token", method: route.method });
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });
});

describe("GET /api/console/audit", () => {
  it("lists console actions newest first with who did them, a page at a time", async () => {
    const admin = { staffId: "stf_005", name: "高橋 美咲" };
    const base = Date.now();
    await recordConsoleAction(env.DB, admin, { action: "segment.save", target: "seg_test_1" }, base);
    await recordConsoleAction(
      env.DB,
      admin,
      { action: "campaign.send", target: "cmp_test_1", detail: { recipients: 12 } },
      base + 1,
    );
    await recordConsoleAction(env.DB, admin, { action: "richmenu.apply" }, base + 2);

    const first = ConsoleAuditResponse.parse(await (await callBff("/api/console/audit?limit=2", { token: adminToken })).json());
    expect(first.entries.map((entry) => entry.action)).toEqual(["richmenu.apply", "campaign.send"]);
    expect(first.entries[1]).toMatchObject({ staffName: "高橋 美咲", target: "cmp_test_1", detail: { recipients: 12 } });
    expect(first.nextBefore).not.toBeNull();
    const second = ConsoleAuditResponse.parse(
      await (await callBff(`/api/console/audit?limit=2&before=${String(first.nextBefore)}`, { token: adminToken })).json(),
    );
    expect(second.entries[0]?.action).toBe("segment.save");
  });

  it("refuses a bad page size with 400", async () => {
    const response = await callBff("/api/console/audit?limit=1000", { token: adminToken });
    expect(response.status).toBe(400);
  });
});
