import { Hono } from "hono";
import { LanguageRequest, type MeResponse } from "../../shared/api.ts";
import type { AppEnv } from "../env.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { rememberLanguage } from "../lib/user-language.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { ADMIN_ROLE } from "../middleware/require-admin.ts";

export const meRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/", async (c) => {
    const merchant = c.get("merchant");
    const lineUserId = c.get("lineUserId");
    const { name, picture } = c.get("idToken");

    const [link, staff] = await Promise.all([merchant.getLineLink(lineUserId), merchant.getStaffByLineUser(lineUserId)]);
    // A link to a member the merchant no longer has is no membership at all.
    const summary = link ? await merchant.getMemberSummary(link.memberId) : null;

    const body: MeResponse = {
      profile: { displayName: name, pictureUrl: picture },
      link: linkStatusOf(summary),
      staff: staff ? { name: staff.name, stores: staff.stores, console: staff.roles?.includes(ADMIN_ROLE) ?? false } : null,
    };
    return c.json(body, 200);
  })
  // The app says which language it shows, so the LINE messages sent to this user speak it alone.
  .put("/language", validate("json", LanguageRequest), async (c) => {
    await rememberLanguage(c.env.DB, c.get("lineUserId"), c.req.valid("json").language, Date.now());
    c.header("cache-control", "no-store");
    return c.body(null, 204);
  });
