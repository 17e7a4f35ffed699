import { env } from "cloudflare:test";
import { expect, inject } from "vitest";
import { createMerchantClient } from "../../../bff/merchant/client.ts";

/** A member the sandbox made in bulk, with what segments filter on. */
export interface BulkMember {
  memberId: string;
  memberNumber: string;
  lineUserId: string;
  rankCode: string;
  birthMonth: number;
  homeStoreId: string;
  points: number;
}

/**
 * Members of this test file only: the sandbox merchant is shared by every BFF test file, so a
 * file makes its own linked members with a seed of its own (POST /__dev/bulk-members; the same
 * seed gives the same members, so running twice is harmless).
 */
export async function bulkMembers(count: number, seed: string): Promise<BulkMember[]> {
  const response = await fetch(`${inject("merchantUrl")}/__dev/bulk-members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count, seed }),
  });
  expect(response.status).toBe(200);
  const { members } = (await response.json()) as { members: BulkMember[] };
  return members;
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** The BFF's merchant client, pointed at the sandbox merchant. */
export function sandboxMerchantClient() {
  return createMerchantClient({
    baseUrl: env.MERCHANT_API_BASE,
    apiKey: env.MERCHANT_API_KEY,
    timeoutMs: 5000,
    requestId: "segments-test",
    log: silent,
  });
}

/** Epoch ms of a Japan time. */
export const japanTime = (local: string) => Date.parse(`${local}+09:00`);

/** Records what the BFF knows from LINE about a user, as the webhook and link code would. */
export async function knowFromLine(
  lineUserId: string,
  facts: { followed?: boolean; followedAt?: number; linkedAt?: number; tags?: string[] },
): Promise<void> {
  const db = env.DB;
  if (facts.followed !== undefined || facts.followedAt !== undefined) {
    await db
      .prepare(
        `INSERT INTO line_friends (line_user_id, followed, unfollowed_at, changed_at, followed_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (line_user_id) DO UPDATE SET followed = excluded.followed, followed_at = excluded.followed_at`,
      )
      .bind(
        lineUserId,
        facts.followed === false ? 0 : 1,
        facts.followed === false ? new Date().toISOString() : null,
        Date.now(),
        facts.followedAt ?? null,
      )
      .run();
  }
  if (facts.linkedAt !== undefined) {
    await db
      .prepare(
        `INSERT INTO member_links (line_user_id, member_id, route, linked_at) VALUES (?1, 'm', 'app', ?2)
         ON CONFLICT (line_user_id) DO UPDATE SET linked_at = excluded.linked_at`,
      )
      .bind(lineUserId, facts.linkedAt)
      .run();
  }
  for (const tag of facts.tags ?? []) {
    await db
      .prepare("INSERT OR IGNORE INTO member_tags (line_user_id, tag, source, created_at) VALUES (?1, ?2, 'manual', ?3)")
      .bind(lineUserId, tag, Date.now())
      .run();
  }
}

/** A tracked click, as the redirect records it. */
export async function recordClick(lineUserId: string, sourceKind: "campaign" | "richmenu", sourceId: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO tracked_clicks (click_id, source_kind, source_id, line_user_id, visitor, clicked_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
  )
    .bind(crypto.randomUUID(), sourceKind, sourceId, lineUserId, Date.now())
    .run();
}

/** The console's audit rows, oldest first. */
export async function auditRows(): Promise<
  Array<{ action: string; target: string | null; detail: string | null; staff_name: string }>
> {
  const { results } = await env.DB.prepare("SELECT action, target, detail, staff_name FROM console_audit ORDER BY audit_id").all<{
    action: string;
    target: string | null;
    detail: string | null;
    staff_name: string;
  }>();
  return results;
}
