import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { StaffRecord } from "../../shared/merchant-contract.ts";

// The console's audit log: every action an admin takes (saving a segment, sending a campaign,
// applying rich menus) is recorded with who did it, in the same request as the action.

export interface ConsoleAction {
  /** What was done, as `area.verb`: `campaign.send`, `segment.save`, `richmenu.apply`. */
  action: string;
  /** The id of what it acted on. */
  target?: string;
  /** A few facts worth keeping (a recipient count, a schedule); never member data. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface ConsoleAuditEntry {
  auditId: number;
  staffId: string;
  staffName: string;
  action: string;
  target: string | null;
  detail: Record<string, string | number | boolean | null> | null;
  occurredAt: string;
}

/** Records one console action by this admin. */
export async function recordConsoleAction(
  db: D1Database,
  staff: Pick<StaffRecord, "staffId" | "name">,
  action: ConsoleAction,
  at = Date.now(),
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO console_audit (staff_id, staff_name, action, target, detail, occurred_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(
      staff.staffId,
      staff.name,
      action.action,
      action.target ?? null,
      action.detail ? JSON.stringify(action.detail) : null,
      at,
    )
    .run();
}

interface AuditRow {
  audit_id: number;
  staff_id: string;
  staff_name: string;
  action: string;
  target: string | null;
  detail: string | null;
  occurred_at: number;
}

/** The newest actions first, `limit` at a time; `before` is the last page's smallest id. */
export async function listConsoleActions(
  db: D1Database,
  page: { limit: number; before?: number },
): Promise<{ entries: ConsoleAuditEntry[]; nextBefore: number | null }> {
  const { results } = await db
    .prepare(
      `SELECT audit_id, staff_id, staff_name, action, target, detail, occurred_at FROM console_audit
       WHERE audit_id < ?1 ORDER BY audit_id DESC LIMIT ?2`,
    )
    .bind(page.before ?? Number.MAX_SAFE_INTEGER, page.limit + 1)
    .all<AuditRow>();
  const rows = results.slice(0, page.limit);
  return {
    entries: rows.map((row) => ({
      auditId: row.audit_id,
      staffId: row.staff_id,
      staffName: row.staff_name,
      action: row.action,
      target: row.target,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as ConsoleAuditEntry["detail"]),
      occurredAt: new Date(row.occurred_at).toISOString(),
    })),
    nextBefore: results.length > page.limit ? (rows.at(-1)?.audit_id ?? null) : null,
  };
}
