import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { countSegment } from "../../../bff/console/segments.ts";
import { applyDueTagRules, TAG_RULE_INTERVAL_MS } from "../../../bff/console/tags.ts";
import {
  AddTagResponse,
  ApplyTagRuleResponse,
  RemoveTagResponse,
  TagListResponse,
  TagRule,
  TagRuleListResponse,
} from "../../../shared/console-segments.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, jsonBody, mintIdToken } from "../helpers.ts";
import { auditRows, bulkMembers, knowFromLine, sandboxMerchantClient, type BulkMember } from "./fixtures.ts";

// Eight linked members of this file (bulk: ranks regular, regular, silver, gold, … by index),
// all carrying this file's marker tag so segments see only them.
let members: BulkMember[];
let marker: string;
let adminToken: string;
const newTag = () => `t-${crypto.randomUUID().slice(0, 8)}`;
const deps = () => ({ db: env.DB, merchant: sandboxMerchantClient() });

async function tagged(tag: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT line_user_id FROM member_tags WHERE tag = ?1 ORDER BY line_user_id")
    .bind(tag)
    .all<{ line_user_id: string }>();
  return results.map((row) => row.line_user_id);
}
const ids = (...indexes: number[]) => indexes.map((index) => members[index].lineUserId).sort();
const post = (path: string, body: unknown) => callBff(`/api/console/tags${path}`, { token: adminToken, ...jsonBody(body) });

beforeAll(async () => {
  adminToken = await mintIdToken({ persona: "admin" });
  members = await bulkMembers(8, "tagbff");
  marker = newTag();
  for (const member of members) await knowFromLine(member.lineUserId, { tags: [marker], followed: true });
});

describe("/api/console/tags › by hand", () => {
  it("tags LINE users once however often asked, counts them, and audits each write without naming them", async () => {
    const tag = newTag();
    const first = await post("/add", { tag, target: { kind: "lineUserIds", lineUserIds: ids(0, 1) } });
    expect(first.status).toBe(200);
    expect(AddTagResponse.parse(await first.json())).toEqual({ tagged: 2, matched: 2, notFound: [] });
    const again = await post("/add", { tag, target: { kind: "lineUserIds", lineUserIds: ids(0, 1, 2) } });
    expect(AddTagResponse.parse(await again.json())).toEqual({ tagged: 1, matched: 3, notFound: [] });
    expect(await tagged(tag)).toEqual(ids(0, 1, 2));

    const list = TagListResponse.parse(await (await callBff("/api/console/tags", { token: adminToken })).json());
    expect(list.tags.find((entry) => entry.tag === tag)).toEqual({ tag, members: 3, manual: 3 });

    const audit = (await auditRows()).filter((row) => row.target === tag);
    expect(audit.map((row) => row.action)).toEqual(["tag.add", "tag.add"]);
    for (const row of audit) expect(row.detail ?? "").not.toMatch(/U[0-9a-f]{32}/);
  });

  it("tags members by the number on their card, naming the numbers with no linked member", async () => {
    const tag = newTag();
    const response = await post("/add", {
      tag,
      target: { kind: "memberNumbers", memberNumbers: [members[4].memberNumber, "9999-0000", "1000-0002"] },
    });
    // 1000-0002 (佐藤 花子) exists but is not linked to LINE: nobody to tag.
    expect(AddTagResponse.parse(await response.json())).toEqual({ tagged: 1, matched: 1, notFound: ["9999-0000", "1000-0002"] });
    expect(await tagged(tag)).toEqual(ids(4));
  });

  it("tags a segment's members, and those of a saved segment", async () => {
    const tag = newTag();
    const silver = { line: { tags: [marker] }, merchant: { rankCodes: ["silver"] } };
    const bySegment = await post("/add", { tag, target: { kind: "segment", definition: silver } });
    expect(AddTagResponse.parse(await bySegment.json())).toEqual({ tagged: 2, matched: 2, notFound: [] });
    expect(await tagged(tag)).toEqual(ids(2, 6));

    const segmentId = `seg_${crypto.randomUUID().slice(0, 8)}`;
    const gold = { line: { tags: [marker] }, merchant: { rankCodes: ["gold"] } };
    const saved = await callBff(`/api/console/segments/${segmentId}`, {
      token: adminToken,
      ...jsonBody({ name: "ゴールド", definition: gold }),
      method: "PUT",
    });
    expect(saved.status).toBe(201);
    const bySaved = await post("/add", { tag, target: { kind: "savedSegment", segmentId } });
    expect(AddTagResponse.parse(await bySaved.json())).toMatchObject({ tagged: 2 });
    expect(await tagged(tag)).toEqual(ids(2, 3, 6, 7));

    const missing = await post("/add", { tag, target: { kind: "savedSegment", segmentId: "seg_none" } });
    expect(missing.status).toBe(404);
  });

  it("makes the tag a segment criterion at once", async () => {
    const tag = newTag();
    await post("/add", { tag, target: { kind: "lineUserIds", lineUserIds: ids(5, 6) } });
    expect(await countSegment(deps(), { line: { tags: [marker, tag] } })).toEqual({ count: 2, exact: true });
    expect(await countSegment(deps(), { line: { tags: [marker], notTags: [tag] } })).toEqual({ count: 6, exact: true });
  });

  it("removes a tag from some members, or from everyone", async () => {
    const tag = newTag();
    await post("/add", { tag, target: { kind: "lineUserIds", lineUserIds: ids(0, 1, 2, 3) } });
    const some = await post("/remove", { tag, target: { kind: "lineUserIds", lineUserIds: ids(0) } });
    expect(RemoveTagResponse.parse(await some.json())).toEqual({ removed: 1, notFound: [] });
    expect(await tagged(tag)).toEqual(ids(1, 2, 3));
    const all = await post("/remove", { tag });
    expect(RemoveTagResponse.parse(await all.json())).toEqual({ removed: 3, notFound: [] });
    expect(await tagged(tag)).toEqual([]);
    expect((await auditRows()).filter((row) => row.target === tag).map((row) => row.action)).toEqual([
      "tag.add",
      "tag.remove",
      "tag.remove",
    ]);
  });

  it("refuses a bad tag or target with 400 and tags nobody", async () => {
    const tag = newTag();
    const bad: unknown[] = [
      { tag: "", target: { kind: "lineUserIds", lineUserIds: ids(0) } },
      { tag: "x".repeat(33), target: { kind: "lineUserIds", lineUserIds: ids(0) } },
      { tag: "a\nb", target: { kind: "lineUserIds", lineUserIds: ids(0) } },
      { tag, target: { kind: "lineUserIds", lineUserIds: ["U123"] } },
      { tag, target: { kind: "lineUserIds", lineUserIds: [] } },
      { tag, target: { kind: "everyone" } },
      { tag, target: { kind: "segment", definition: { merchant: { birthMonths: [0] } } } },
      { tag },
    ];
    for (const body of bad) {
      const response = await post("/add", body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
    }
    expect((await post("/remove", { tag: "" })).status).toBe(400);
    expect(await tagged(tag)).toEqual([]);
    expect((await auditRows()).filter((row) => row.target === tag)).toEqual([]);
  });
});

describe("/api/console/tags › rules", () => {
  it("saves a rule, applies it idempotently, lists it with its last run, and audits each step", async () => {
    const tag = newTag();
    const ruleId = `rule_${crypto.randomUUID().slice(0, 8)}`;
    const definition = { line: { tags: [marker] }, merchant: { rankCodes: ["gold"] } };
    const saved = await callBff(`/api/console/tags/rules/${ruleId}`, {
      token: adminToken,
      ...jsonBody({ tag, definition }),
      method: "PUT",
    });
    expect(saved.status).toBe(200);
    expect(TagRule.parse(await saved.json())).toMatchObject({ ruleId, tag, definition, lastAppliedAt: null });

    const first = await post(`/rules/${ruleId}/apply`, {});
    expect(ApplyTagRuleResponse.parse(await first.json())).toEqual({ tagged: 2, matched: 2 });
    const second = await post(`/rules/${ruleId}/apply`, {});
    expect(ApplyTagRuleResponse.parse(await second.json())).toEqual({ tagged: 0, matched: 2 });
    expect(await tagged(tag)).toEqual(ids(3, 7));

    const list = TagListResponse.parse(await (await callBff("/api/console/tags", { token: adminToken })).json());
    expect(list.tags.find((entry) => entry.tag === tag)).toEqual({ tag, members: 2, manual: 0 });
    const rules = TagRuleListResponse.parse(await (await callBff("/api/console/tags/rules", { token: adminToken })).json());
    expect(rules.rules.find((rule) => rule.ruleId === ruleId)).toMatchObject({ lastTagged: 0 });

    const actions = (await auditRows()).filter((row) => row.target === ruleId || row.target === tag).map((row) => row.action);
    expect(actions).toEqual(["tag.rule.save", "tag.add", "tag.add"]);

    expect((await callBff(`/api/console/tags/rules/${ruleId}`, { token: adminToken, method: "DELETE" })).status).toBe(204);
    expect((await post(`/rules/${ruleId}/apply`, {})).status).toBe(404);
  });

  it("re-applies a rule on the cron once a day, so newcomers to the segment get the tag", async () => {
    const tag = newTag();
    const vip = newTag();
    const ruleId = `rule_${crypto.randomUUID().slice(0, 8)}`;
    await post("/add", { tag: vip, target: { kind: "lineUserIds", lineUserIds: ids(0) } });
    const saved = await callBff(`/api/console/tags/rules/${ruleId}`, {
      token: adminToken,
      ...jsonBody({ tag, definition: { line: { tags: [marker, vip] } } }),
      method: "PUT",
    });
    expect(saved.status).toBe(200);
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const now = Date.now();
    await applyDueTagRules({ ...deps(), log }, now);
    expect(await tagged(tag)).toEqual(ids(0));

    await post("/add", { tag: vip, target: { kind: "lineUserIds", lineUserIds: ids(1) } });
    // An hour later the rule is not due; a day later it is.
    await applyDueTagRules({ ...deps(), log }, now + 3_600_000);
    expect(await tagged(tag)).toEqual(ids(0));
    await applyDueTagRules({ ...deps(), log }, now + TAG_RULE_INTERVAL_MS);
    expect(await tagged(tag)).toEqual(ids(0, 1));
  });

  it("refuses a bad rule with 400 and saves nothing", async () => {
    const ruleId = `rule_${crypto.randomUUID().slice(0, 8)}`;
    for (const body of [{ tag: "", definition: {} }, { tag: "ok", definition: { line: { tags: [] } } }, { tag: "ok" }]) {
      const response = await callBff(`/api/console/tags/rules/${ruleId}`, {
        token: adminToken,
        ...jsonBody(body),
        method: "PUT",
      });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    const rules = TagRuleListResponse.parse(await (await callBff("/api/console/tags/rules", { token: adminToken })).json());
    expect(rules.rules.some((rule) => rule.ruleId === ruleId)).toBe(false);
    expect((await auditRows()).filter((row) => row.target === ruleId)).toEqual([]);
  });
});
