import type { D1Database } from "@cloudflare/workers-types/experimental";
import { StaffSettings } from "../../shared/merchant-contract.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { MerchantClient } from "../merchant/client.ts";

const JOB_STATE_NAME = "staff_settings";

/**
 * The merchant's caps on register actions. Each answer is kept, so that an award accepted while
 * the merchant is down (applied later) is still held to the last caps the merchant set; with none
 * kept, the outage is thrown as it came.
 */
export async function readStaffSettings(db: D1Database, merchant: MerchantClient, now = Date.now()): Promise<StaffSettings> {
  try {
    const settings = await merchant.getStaffSettings();
    await db
      .prepare(
        `INSERT INTO job_state (name, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .bind(JOB_STATE_NAME, JSON.stringify(settings), now)
      .run();
    return settings;
  } catch (error) {
    if (!(error instanceof UpstreamError) || !error.isOutage) throw error;
    const kept = await db.prepare("SELECT value FROM job_state WHERE name = ?1").bind(JOB_STATE_NAME).first<{ value: string }>();
    const parsed = kept ? StaffSettings.safeParse(JSON.parse(kept.value)) : null;
    if (!parsed?.success) throw error;
    return parsed.data;
  }
}
