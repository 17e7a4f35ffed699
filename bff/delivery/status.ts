import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { RichMenuStatusResponse } from "../../shared/api.ts";
import { richMenuDeliveryId, type DeliveryState } from "./outbox.ts";

/**
 * Where the caller's rich menu switch stands, from its outbox row: "applied" only once LINE
 * confirmed it. No row means no switch was ever asked for: the default menu shows.
 */
export async function richMenuStatus(db: D1Database, lineUserId: string): Promise<RichMenuStatusResponse> {
  const row = await db
    .prepare("SELECT state, payload FROM deliveries WHERE delivery_id = ?1")
    .bind(richMenuDeliveryId(lineUserId))
    .first<{ state: DeliveryState; payload: string }>();
  if (!row) return { menu: "default", state: "applied" };
  const menu = (JSON.parse(row.payload) as { linked?: boolean }).linked ? "linked" : "default";
  const state = row.state === "sent" ? "applied" : row.state === "dead" || row.state === "cancelled" ? "failed" : "pending";
  return { menu, state };
}
