import type { D1Database } from "@cloudflare/workers-types/experimental";
import { SegmentDefinition, type TagRule } from "../../shared/console-segments.ts";
import type { Logger } from "../lib/log.ts";
import { forEachSegmentPage, type SegmentDeps } from "./segments.ts";

// Tags on LINE users (member_tags) and the rules that tag a segment's members. Every write is
// one statement per batch of ids (json_each), and INSERT OR IGNORE makes tagging idempotent.

export type TagSource = "manual" | "rule";

/** Tags these LINE users; resolves to how many were newly tagged. */
export async function addTag(
  db: D1Database,
  tag: string,
  lineUserIds: string[],
  source: TagSource,
  at = Date.now(),
): Promise<number> {
  if (lineUserIds.length === 0) return 0;
  const result = await db
    .prepare(
      `INSERT OR IGNORE INTO member_tags (line_user_id, tag, source, created_at)
       SELECT DISTINCT value, ?2, ?3, ?4 FROM json_each(?1)`,
    )
    .bind(JSON.stringify(lineUserIds), tag, source, at)
    .run();
  return result.meta.changes;
}

/** Takes the tag off these LINE users, or off everyone when `lineUserIds` is null. */
export async function removeTag(db: D1Database, tag: string, lineUserIds: string[] | null): Promise<number> {
  const result =
    lineUserIds === null
      ? await db.prepare("DELETE FROM member_tags WHERE tag = ?1").bind(tag).run()
      : await db
          .prepare("DELETE FROM member_tags WHERE tag = ?1 AND line_user_id IN (SELECT value FROM json_each(?2))")
          .bind(tag, JSON.stringify(lineUserIds))
          .run();
  return result.meta.changes;
}

/** Every tag in use with how many LINE users carry it (and how many by hand), most used first. */
export async function listTags(db: D1Database): Promise<Array<{ tag: string; members: number; manual: number }>> {
  const { results } = await db
    .prepare(
      `SELECT tag, COUNT(*) AS members, SUM(CASE WHEN source = 'manual' THEN 1 ELSE 0 END) AS manual
       FROM member_tags GROUP BY tag ORDER BY members DESC, tag`,
    )
    .all<{ tag: string; members: number; manual: number }>();
  return results;
}

/** Tags every member of a segment; resolves to how many it named and how many were new. */
export async function tagSegment(
  deps: SegmentDeps,
  definition: SegmentDefinition,
  tag: string,
  source: TagSource,
): Promise<{ matched: number; tagged: number }> {
  let matched = 0;
  let tagged = 0;
  await forEachSegmentPage(deps, definition, async (lineUserIds) => {
    matched += lineUserIds.length;
    tagged += await addTag(deps.db, tag, lineUserIds, source);
  });
  return { matched, tagged };
}

interface RuleRow {
  rule_id: string;
  tag: string;
  definition: string;
  updated_by: string;
  updated_at: number;
  last_applied_at: number | null;
  last_tagged: number | null;
}

const RULE_COLUMNS = "rule_id, tag, definition, updated_by, updated_at, last_applied_at, last_tagged";

function ruleOf(row: RuleRow): TagRule {
  return {
    ruleId: row.rule_id,
    tag: row.tag,
    definition: SegmentDefinition.parse(JSON.parse(row.definition)),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
    lastAppliedAt: row.last_applied_at === null ? null : new Date(row.last_applied_at).toISOString(),
    lastTagged: row.last_tagged,
  };
}

export async function listTagRules(db: D1Database): Promise<TagRule[]> {
  const { results } = await db.prepare(`SELECT ${RULE_COLUMNS} FROM tag_rules ORDER BY tag, rule_id`).all<RuleRow>();
  return results.map(ruleOf);
}

export async function loadTagRule(db: D1Database, ruleId: string): Promise<TagRule | null> {
  const row = await db.prepare(`SELECT ${RULE_COLUMNS} FROM tag_rules WHERE rule_id = ?1`).bind(ruleId).first<RuleRow>();
  return row ? ruleOf(row) : null;
}

/** Creates or replaces a rule (its application history is kept). */
export async function saveTagRule(
  db: D1Database,
  rule: { ruleId: string; tag: string; definition: SegmentDefinition },
  by: string,
  at = Date.now(),
): Promise<TagRule> {
  await db
    .prepare(
      `INSERT INTO tag_rules (rule_id, tag, definition, created_by, created_at, updated_by, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)
       ON CONFLICT (rule_id) DO UPDATE SET tag = excluded.tag, definition = excluded.definition,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .bind(rule.ruleId, rule.tag, JSON.stringify(rule.definition), by, at)
    .run();
  const saved = await loadTagRule(db, rule.ruleId);
  if (!saved) throw new Error(`tag rule ${rule.ruleId} vanished after saving`);
  return saved;
}

export async function deleteTagRule(db: D1Database, ruleId: string): Promise<boolean> {
  const result = await db.prepare("DELETE FROM tag_rules WHERE rule_id = ?1").bind(ruleId).run();
  return result.meta.changes > 0;
}

/** Applies one rule: its segment's members get its tag (again harmlessly); remembers when and how many. */
export async function applyTagRule(
  deps: SegmentDeps,
  rule: TagRule,
  at = Date.now(),
): Promise<{ matched: number; tagged: number }> {
  const outcome = await tagSegment(deps, rule.definition, rule.tag, "rule");
  await deps.db
    .prepare("UPDATE tag_rules SET last_applied_at = ?2, last_tagged = ?3 WHERE rule_id = ?1")
    .bind(rule.ruleId, at, outcome.tagged)
    .run();
  return outcome;
}

/** How often the cron re-applies a rule: once a day. */
export const TAG_RULE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The cron's part (every tick): each rule not applied for a day is applied again, so members
 * who came to match it get its tag. A failing rule is logged and does not stop the rest.
 */
export async function applyDueTagRules(
  deps: SegmentDeps & { log: Logger },
  now = Date.now(),
): Promise<{ applied: number; failed: number }> {
  let applied = 0;
  let failed = 0;
  const due = (await listTagRules(deps.db)).filter(
    (rule) => rule.lastAppliedAt === null || Date.parse(rule.lastAppliedAt) <= now - TAG_RULE_INTERVAL_MS,
  );
  for (const rule of due) {
    try {
      await applyTagRule(deps, rule, now);
      applied += 1;
    } catch (error) {
      failed += 1;
      deps.log.error("tag rule failed", { ruleId: rule.ruleId, error: error instanceof Error ? error.message : "unknown" });
    }
  }
  return { applied, failed };
}
