import { Hono } from "hono";
import { z } from "zod";
import { LinkSettings, MemberNumber } from "../../../shared/merchant-contract.ts";
import { badRequestBody, readJsonOrUndefined } from "../input.ts";
import type { FaultSwitch } from "../fault-switch.ts";
import { commerceDevRoutes } from "./commerce-dev-routes.ts";
import type { MerchantDatabase } from "./database.ts";
import { armMerchantFault, MerchantFaultRequest, RedirectTargetHits, type MerchantFault } from "./faults.ts";
import { readLinkSettings } from "./link-settings.ts";
import type { MerchantEventSender } from "./merchant-events.ts";
import { sentOneTimeCodes } from "./one-time-codes.ts";
import type { RequestLog } from "./request-log.ts";
import { BulkMembersRequest, insertBulkMembers } from "./segments.ts";

const CheckInRow = z.object({ checkInId: z.string(), storeId: z.string(), staffId: z.string(), occurredAt: z.string() });

export interface DevRoutesDependencies {
  db: MerchantDatabase;
  requestLog: RequestLog;
  faults: FaultSwitch<MerchantFault>;
  events: MerchantEventSender;
}

/** Test and dev controls under /__dev: no API key, which is why the sandbox binds to loopback only. */
export function devRoutes({ db, requestLog, faults, events }: DevRoutesDependencies) {
  const redirectHits = new RedirectTargetHits();
  return new Hono()
    .all("/redirect-target", (c) => {
      redirectHits.total += 1;
      if (c.req.header("authorization")) redirectHits.withAuthorization += 1;
      return c.json({ note: "a caller followed the redirect fault" }, 200);
    })
    .get("/redirect-target/hits", (c) => c.json(redirectHits, 200))
    .route("/", commerceDevRoutes({ db, events }))
    .get("/requests", (c) => c.json({ count: requestLog.requests.length, requests: requestLog.requests }, 200))
    .delete("/requests", (c) => {
      requestLog.clear();
      return c.json({ count: 0, requests: [] }, 200);
    })
    .get("/faults", (c) => c.json({ fault: faults.describe() }, 200))
    .post("/faults", async (c) => {
      const request = MerchantFaultRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      armMerchantFault(faults, request.data);
      return c.json({ fault: faults.describe() }, 200);
    })
    .put("/link-settings", async (c) => {
      // Lets a developer try the birth-date flow without editing the seed.
      const request = LinkSettings.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      db.run("UPDATE merchant_settings SET link_second_factor = ?", [request.data.secondFactor]);
      return c.json(readLinkSettings(db), 200);
    })
    .get("/members/:memberId/check-ins", (c) => {
      // The merchant's own record of a member's visits, for tests that check a visit landed once.
      const checkIns = db.rows(
        `SELECT check_in_id AS checkInId, store_id AS storeId, staff_id AS staffId, occurred_at AS occurredAt
         FROM check_ins WHERE member_id = ? ORDER BY occurred_at`,
        [c.req.param("memberId")],
        CheckInRow,
      );
      return c.json({ checkIns }, 200);
    })
    .get("/one-time-codes", (c) => {
      // What a real merchant would have emailed or texted to the member: for tests and the dev page.
      const memberNumber = MemberNumber.safeParse(c.req.query("memberNumber"));
      if (!memberNumber.success) return c.json(badRequestBody(memberNumber.error), 400);
      return c.json({ codes: sentOneTimeCodes(db, memberNumber.data) }, 200);
    })
    .post("/bulk-members", async (c) => {
      // Many linked members at once, for segments and campaigns at scale (see segments.ts).
      const request = BulkMembersRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      const members = insertBulkMembers(db, request.data);
      // The members themselves only for small batches: 100,000 would be megabytes of JSON.
      return c.json({ count: members.length, members: members.length <= 1000 ? members : [] }, 200);
    })
    .post("/reset", (c) => {
      db.reset();
      return c.json({ reset: true }, 200);
    });
}
