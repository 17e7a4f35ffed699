import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { errorBody } from "../../shared/errors.ts";
import { readTrackedToken, recordClick } from "../console/tracked-links.ts";
import type { AppEnv } from "../env.ts";

// GET /t/:token: the tracked-link redirect (bff/console/tracked-links.ts). No sign-in: whoever
// taps the link in LINE arrives here. A token the BFF signed records one click and answers 302
// to its target; anything else is a 404 that sends nobody anywhere.

/** First-party cookie with a random id, so clicks on shared (multicast) links count once per browser. */
export const VISITOR_COOKIE = "__Host-tv";
const VISITOR = /^[A-Za-z0-9_-]{22}$/;
const VISITOR_MAX_AGE_SECONDS = 400 * 24 * 3600;

export const trackedRedirectRoutes = new Hono<AppEnv>().get("/:token", async (c) => {
  const link = await readTrackedToken(c.env.MEMBER_CARD_SECRET, c.req.param("token"));
  if (!link) {
    return c.json(errorBody("not_found", "No such link", { requestId: c.get("requestId") }), 404);
  }
  let visitor = getCookie(c, VISITOR_COOKIE) ?? null;
  if (!link.lineUserId && (visitor === null || !VISITOR.test(visitor))) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    visitor = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    setCookie(c, VISITOR_COOKIE, visitor, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      maxAge: VISITOR_MAX_AGE_SECONDS,
    });
  }
  try {
    await recordClick(c.env.DB, link, visitor);
  } catch (error) {
    // The customer still gets where they were going; only the count misses one.
    c.get("log").error("click not recorded", { error: error instanceof Error ? error.message : "unknown" });
  }
  c.header("cache-control", "no-store");
  return c.redirect(link.target, 302);
});
