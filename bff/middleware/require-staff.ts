import { createMiddleware } from "hono/factory";
import { StaffRecord } from "../../shared/merchant-contract.ts";
import { errorBody } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { D1Database } from "@cloudflare/workers-types/experimental";

/** How long a staff record learned from the merchant may stand in for it during an outage. */
export const STAFF_CACHE_MS = 12 * 60 * 60 * 1000;

async function cachedStaff(db: D1Database, lineUserId: string, now: number): Promise<StaffRecord | null> {
  const row = await db
    .prepare("SELECT record_json FROM staff_cache WHERE line_user_id = ? AND fetched_at > ?")
    .bind(lineUserId, now - STAFF_CACHE_MS)
    .first<{ record_json: string }>();
  if (!row) return null;
  const parsed = StaffRecord.safeParse(JSON.parse(row.record_json));
  return parsed.success ? parsed.data : null;
}

/**
 * Lets through only LINE users the merchant lists as staff, and sets `staff`. Use after liffAuth.
 * When the merchant cannot be reached, the last good record (at most 12 hours old) stands in; a
 * "not staff" answer always refuses and forgets the cached record.
 */
export function requireStaff() {
  return createMiddleware<AppEnv>(async function requireStaffMiddleware(c, next) {
    const lineUserId = c.get("lineUserId");
    const db = c.env.DB;
    const now = Date.now();
    let staff: StaffRecord | null;
    try {
      staff = await c.get("merchant").getStaffByLineUser(lineUserId);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      staff = await cachedStaff(db, lineUserId, now);
      if (!staff) throw error;
      c.set("staff", staff);
      await next();
      return;
    }
    if (!staff) {
      await db.prepare("DELETE FROM staff_cache WHERE line_user_id = ?").bind(lineUserId).run();
      // The same answer for every non-staff caller and every staff route: no hint of what is here.
      return c.json(errorBody("forbidden", "Forbidden", { requestId: c.get("requestId") }), 403);
    }
    await db
      .prepare(
        "INSERT INTO staff_cache (line_user_id, record_json, fetched_at) VALUES (?, ?, ?) " +
          "ON CONFLICT (line_user_id) DO UPDATE SET record_json = excluded.record_json, fetched_at = excluded.fetched_at",
      )
      .bind(lineUserId, JSON.stringify(staff), now)
      .run();
    c.set("staff", staff);
    await next();
  });
}
