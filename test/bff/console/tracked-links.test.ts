import { env } from "cloudflare:test";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  LINE_URI_MAX,
  linkTracker,
  readTrackedToken,
  trackedLinkUrl,
  type TrackedLinkDeps,
} from "../../../bff/console/tracked-links.ts";
import { VISITOR_COOKIE } from "../../../bff/routes/tracked-redirect.ts";
import { callBff, freshLineUserId } from "../helpers.ts";

const deps: TrackedLinkDeps = { secret: env.MEMBER_CARD_SECRET, origin: "https://bff.test" };
const liffLink = (path: string) => `https://liff.line.me/${env.LIFF_ID}${path}`;

async function clicksOf(sourceId: string) {
  const { results } = await env.DB.prepare(
    "SELECT source_kind, line_user_id, visitor FROM tracked_clicks WHERE source_id = ?1 ORDER BY clicked_at",
  )
    .bind(sourceId)
    .all<{ source_kind: string; line_user_id: string | null; visitor: string | null }>();
  return results;
}

const pathOf = (url: string) => new URL(url).pathname;

describe("tracked links", () => {
  it("redirect a personal link to its target and record the click as the recipient's", async () => {
    const sourceId = `cmp_${crypto.randomUUID()}`;
    const lineUserId = freshLineUserId();
    const url = await trackedLinkUrl(deps, { kind: "campaign", sourceId, target: liffLink("/coupons"), lineUserId });
    expect(url.startsWith("https://bff.test/t/")).toBe(true);
    expect(url.length).toBeLessThan(300);

    const response = await callBff(pathOf(url), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(liffLink("/coupons"));
    expect(await clicksOf(sourceId)).toEqual([{ source_kind: "campaign", line_user_id: lineUserId, visitor: null }]);
  });

  it("count a shared link's clicks by a first-party visitor cookie", async () => {
    const sourceId = `cmp_${crypto.randomUUID()}`;
    const track = await linkTracker(deps, { kind: "campaign", sourceId });
    const url = track(liffLink("/reservations/new"));

    const first = await callBff(pathOf(url), { redirect: "manual" });
    expect(first.status).toBe(302);
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`${VISITOR_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    const visitor = /__Host-tv=([^;]+)/.exec(cookie)?.[1];

    const again = await callBff(pathOf(url), { redirect: "manual", headers: { cookie: `${VISITOR_COOKIE}=${visitor}` } });
    expect(again.status).toBe(302);
    expect(again.headers.get("set-cookie")).toBeNull();
    const clicks = await clicksOf(sourceId);
    expect(clicks).toHaveLength(2);
    expect(new Set(clicks.map((click) => click.visitor))).toEqual(new Set([visitor]));
  });

  it("refuse a forged or altered token with a 404 and no redirect, recording nothing", async () => {
    const sourceId = `cmp_${crypto.randomUUID()}`;
    const url = await trackedLinkUrl(deps, { kind: "campaign", sourceId, target: liffLink("/") });
    const token = pathOf(url).slice("/t/".length);
    const [payload, tag] = token.split(".") as [string, string];
    const evilPayload = Buffer.from(`c|${sourceId}||https://evil.example/phish`).toString("base64url");
    const otherKey = await trackedLinkUrl(
      { secret: randomBytes(32).toString("base64"), origin: deps.origin },
      { kind: "campaign", sourceId, target: "https://evil.example/phish" },
    );
    const forged = [
      `${evilPayload}.${tag}`, // another target under the genuine tag
      `${payload}.${tag.slice(0, -2)}${tag.endsWith("AA") ? "BA" : "AA"}`, // an altered tag
      `${payload}`, // no tag
      pathOf(otherKey).slice("/t/".length), // signed with a key that is not this Worker's
    ];
    for (const bad of forged) {
      const response = await callBff(`/t/${bad}`, { redirect: "manual" });
      expect(response.status).toBe(404);
      expect(response.headers.get("location")).toBeNull();
    }
    expect(await clicksOf(sourceId)).toEqual([]);
  });

  it("never make a link LINE would refuse: https targets only, under 1,000 characters", async () => {
    await expect(trackedLinkUrl(deps, { kind: "scenario", sourceId: "step_1", target: "http://example.com/" })).rejects.toThrow(
      /https/,
    );
    await expect(
      trackedLinkUrl(deps, { kind: "scenario", sourceId: "step_1", target: `https://example.com/${"a".repeat(900)}` }),
    ).rejects.toThrow(/1000/);
    const url = await trackedLinkUrl(deps, { kind: "richmenu", sourceId: "area.coupons", target: liffLink("/coupons") });
    expect(url.length).toBeLessThan(LINE_URI_MAX);
    expect(await readTrackedToken(deps.secret, pathOf(url).slice(3))).toEqual({
      kind: "richmenu",
      sourceId: "area.coupons",
      target: liffLink("/coupons"),
    });
  });
});
