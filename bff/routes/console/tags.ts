import { Hono } from "hono";
import {
  AddTagRequest,
  RemoveTagRequest,
  SaveTagRuleRequest,
  TagRuleParams,
  type AddTagResponse,
  type ApplyTagRuleResponse,
  type RemoveTagResponse,
  type TagListResponse,
  type TagRule,
  type TagRuleListResponse,
  type TagTarget,
} from "../../../shared/console-segments.ts";
import { recordConsoleAction } from "../../console/audit.ts";
import { forEachSegmentPage, loadSavedSegment, type SegmentDeps } from "../../console/segments.ts";
import {
  addTag,
  applyTagRule,
  deleteTagRule,
  listTagRules,
  listTags,
  loadTagRule,
  removeTag,
  saveTagRule,
} from "../../console/tags.ts";
import type { AppEnv } from "../../env.ts";
import type { MerchantClient } from "../../merchant/client.ts";
import { refuse } from "../../lib/refuse.ts";
import { validate } from "../../lib/validate.ts";

/** LINE user ids of members by the number on their card; numbers with no linked member are listed apart. */
async function lineUsersByMemberNumber(merchant: MerchantClient, memberNumbers: string[]) {
  const lineUserIds: string[] = [];
  const notFound: string[] = [];
  for (const memberNumber of new Set(memberNumbers)) {
    const member = await merchant.getMemberByNumber(memberNumber);
    const link = member ? await merchant.getMemberLineLink(member.memberId) : null;
    if (link) lineUserIds.push(link.lineUserId);
    else notFound.push(memberNumber);
  }
  return { lineUserIds, notFound };
}

/**
 * Calls `visit` with the target's LINE user ids, a batch at a time; null when the target names a
 * saved segment that does not exist.
 */
async function visitTarget(
  deps: SegmentDeps,
  target: TagTarget,
  visit: (lineUserIds: string[]) => Promise<void>,
): Promise<{ notFound: string[] } | null> {
  switch (target.kind) {
    case "lineUserIds":
      await visit([...new Set(target.lineUserIds)]);
      return { notFound: [] };
    case "memberNumbers": {
      const { lineUserIds, notFound } = await lineUsersByMemberNumber(deps.merchant, target.memberNumbers);
      if (lineUserIds.length > 0) await visit(lineUserIds);
      return { notFound };
    }
    case "segment":
      await forEachSegmentPage(deps, target.definition, visit);
      return { notFound: [] };
    case "savedSegment": {
      const segment = await loadSavedSegment(deps.db, target.segmentId);
      if (!segment) return null;
      await forEachSegmentPage(deps, segment.definition, visit);
      return { notFound: [] };
    }
  }
}

/**
 * /api/console/tags: tags on LINE users, by hand or by rule; tags are segment criteria. Mounted
 * behind the console's admin guard; every write is in the console's audit log (never whom).
 */
export const tagRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const body: TagListResponse = { tags: await listTags(c.env.DB) };
    return c.json(body, 200);
  })
  .post("/add", validate("json", AddTagRequest), async (c) => {
    const { tag, target } = c.req.valid("json");
    const deps = { db: c.env.DB, merchant: c.get("merchant") };
    let matched = 0;
    let tagged = 0;
    const outcome = await visitTarget(deps, target, async (lineUserIds) => {
      matched += lineUserIds.length;
      tagged += await addTag(deps.db, tag, lineUserIds, "manual");
    });
    if (!outcome) return refuse(c, 404, "not_found", "No such segment");
    await recordConsoleAction(c.env.DB, c.get("staff"), {
      action: "tag.add",
      target: tag,
      detail: { by: target.kind, matched, tagged },
    });
    const body: AddTagResponse = { tagged, matched, notFound: outcome.notFound };
    return c.json(body, 200);
  })
  .post("/remove", validate("json", RemoveTagRequest), async (c) => {
    const { tag, target } = c.req.valid("json");
    const deps = { db: c.env.DB, merchant: c.get("merchant") };
    let removed = 0;
    let notFound: string[] = [];
    if (target) {
      const outcome = await visitTarget(deps, target, async (lineUserIds) => {
        removed += await removeTag(deps.db, tag, lineUserIds);
      });
      if (!outcome) return refuse(c, 404, "not_found", "No such segment");
      notFound = outcome.notFound;
    } else {
      removed = await removeTag(deps.db, tag, null);
    }
    await recordConsoleAction(c.env.DB, c.get("staff"), {
      action: "tag.remove",
      target: tag,
      detail: { by: target?.kind ?? "everyone", removed },
    });
    const body: RemoveTagResponse = { removed, notFound };
    return c.json(body, 200);
  })
  .get("/rules", async (c) => {
    const body: TagRuleListResponse = { rules: await listTagRules(c.env.DB) };
    return c.json(body, 200);
  })
  .put("/rules/:ruleId", validate("param", TagRuleParams), validate("json", SaveTagRuleRequest), async (c) => {
    const { ruleId } = c.req.valid("param");
    const { tag, definition } = c.req.valid("json");
    const staff = c.get("staff");
    const body: TagRule = await saveTagRule(c.env.DB, { ruleId, tag, definition }, staff.name);
    await recordConsoleAction(c.env.DB, staff, { action: "tag.rule.save", target: ruleId, detail: { tag } });
    return c.json(body, 200);
  })
  .delete("/rules/:ruleId", validate("param", TagRuleParams), async (c) => {
    const { ruleId } = c.req.valid("param");
    if (!(await deleteTagRule(c.env.DB, ruleId))) return refuse(c, 404, "not_found", "No such tag rule");
    await recordConsoleAction(c.env.DB, c.get("staff"), { action: "tag.rule.save", target: ruleId, detail: { deleted: true } });
    return c.body(null, 204);
  })
  .post("/rules/:ruleId/apply", validate("param", TagRuleParams), async (c) => {
    const { ruleId } = c.req.valid("param");
    const rule = await loadTagRule(c.env.DB, ruleId);
    if (!rule) return refuse(c, 404, "not_found", "No such tag rule");
    const outcome = await applyTagRule({ db: c.env.DB, merchant: c.get("merchant") }, rule);
    await recordConsoleAction(c.env.DB, c.get("staff"), {
      action: "tag.add",
      target: rule.tag,
      detail: { by: "rule", ruleId, matched: outcome.matched, tagged: outcome.tagged },
    });
    const body: ApplyTagRuleResponse = outcome;
    return c.json(body, 200);
  });
