import { Hono } from "hono";
import type { MeResponse } from "../../shared/api.ts";
import type { AppEnv } from "../env.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { liffAuth } from "../middleware/liff-auth.ts";

export const meRoutes = new Hono<AppEnv>().use(liffAuth()).get("/", async (c) => {
  const merchant = c.get("merchant");
  const lineUserId = c.get("lineUserId");
  const { name, picture } = c.get("idToken");

  const [link, staff] = await Promise.all([merchant.getLineLink(lineUserId), merchant.getStaffByLineUser(lineUserId)]);
  // A link to a member the merchant no longer has is no membership at all.
  const summary = link ? await merchant.getMemberSummary(link.memberId) : null;

  const body: MeResponse = {
    profile: { displayName: name, pictureUrl: picture },
    link: linkStatusOf(summary),
    staff: staff ? { name: staff.name, stores: staff.stores } : null,
  };
  return c.json(body, 200);
});
