import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  COUNT_SCAN_CAP,
  countSegment,
  InvalidSegmentCursor,
  segmentMembersPage,
  loadSavedSegment,
} from "../../../bff/console/segments.ts";
import type { MerchantClient } from "../../../bff/merchant/client.ts";
import {
  SavedSegment,
  SegmentCountResponse,
  SegmentListResponse,
  type SegmentDefinition,
} from "../../../shared/console-segments.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, jsonBody, mintIdToken } from "../helpers.ts";
import {
  auditRows,
  bulkMembers,
  japanTime,
  knowFromLine,
  recordClick,
  sandboxMerchantClient,
  type BulkMember,
} from "./fixtures.ts";

// Twelve linked members of this file (the sandbox's bulk members: rank regular, regular,
// silver, gold, … by index; born in month index + 1), all tagged with this run's tag so the
// segments below see only them. What the BFF knows from LINE:
//   0-5 linked 2026-10-01, 6-11 linked 2026-11-15 (Japan time)
//   0-3 followed 2026-11-20, the others 2026-01-10; 11 has blocked the account
//   1 clicked campaign cmp_autumn; 2 tapped the rich menu's card area; 3 is also tagged vip
let members: BulkMember[];
let mark: string;
let adminToken: string;
const deps = () => ({ db: env.DB, merchant: sandboxMerchantClient() });
const ids = (...indexes: number[]) => indexes.map((index) => members[index].lineUserId).sort();
const mine = (line: SegmentDefinition["line"] = {}, merchant?: SegmentDefinition["merchant"]): SegmentDefinition => ({
  line: { ...line, tags: [mark, ...(line.tags ?? [])] },
  ...(merchant ? { merchant } : {}),
});

async function everyone(definition: SegmentDefinition, limit = 1000): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await segmentMembersPage(deps(), definition, { cursor, limit });
    seen.push(...page.lineUserIds);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return seen;
}

beforeAll(async () => {
  adminToken = await mintIdToken({ persona: "admin" });
  members = await bulkMembers(12, "segbff");
  mark = `segbff-${crypto.randomUUID().slice(0, 8)}`;
  for (const [index, member] of members.entries()) {
    await knowFromLine(member.lineUserId, {
      tags: [mark, ...(index === 3 ? ["vip"] : [])],
      linkedAt: japanTime(index < 6 ? "2026-10-01T10:00:00" : "2026-11-15T10:00:00"),
      followed: index !== 11,
      followedAt: japanTime(index < 4 ? "2026-11-20T09:00:00" : "2026-01-10T09:00:00"),
    });
  }
  await recordClick(members[1].lineUserId, "campaign", "cmp_autumn");
  await recordClick(members[2].lineUserId, "richmenu", "area_card");
});

describe("segment evaluation › LINE-side criteria", () => {
  it("leaves out LINE users who blocked the account", async () => {
    expect(await everyone(mine())).toEqual(ids(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  });

  it("filters by when the member linked, in Japan days", async () => {
    expect(await everyone(mine({ linkedSince: "2026-11-15" }))).toEqual(ids(6, 7, 8, 9, 10));
    expect(await everyone(mine({ linkedSince: "2026-11-16" }))).toEqual([]);
    expect(await everyone(mine({ linkedBefore: "2026-11-01" }))).toEqual(ids(0, 1, 2, 3, 4, 5));
  });

  it("filters by when the user last became a friend", async () => {
    expect(await everyone(mine({ followedSince: "2026-11-20" }))).toEqual(ids(0, 1, 2, 3));
  });

  it("filters by a campaign clicked and a rich menu area tapped", async () => {
    expect(await everyone(mine({ clickedCampaignIds: ["cmp_autumn", "cmp_other"] }))).toEqual(ids(1));
    expect(await everyone(mine({ tappedRichMenuAreas: ["area_card"] }))).toEqual(ids(2));
    // A rich menu tap is not a campaign click.
    expect(await everyone(mine({ clickedCampaignIds: ["area_card"] }))).toEqual([]);
  });

  it("filters by every tag given, and by tags a member must not have", async () => {
    expect(await everyone(mine({ tags: ["vip"] }))).toEqual(ids(3));
    expect(await everyone(mine({ notTags: ["vip"] }))).toEqual(ids(0, 1, 2, 4, 5, 6, 7, 8, 9, 10));
  });

  it("combines the merchant's criteria with LINE's", async () => {
    // Silver: indexes 2, 6 and 10; of those, 6 and 10 linked in November.
    expect(await everyone(mine({}, { rankCodes: ["silver"] }))).toEqual(ids(2, 6, 10));
    expect(await everyone(mine({ linkedSince: "2026-11-01" }, { rankCodes: ["silver"] }))).toEqual(ids(6, 10));
    // Born in December is index 11, who blocked the account.
    expect(await everyone(mine({}, { birthMonths: [12] }))).toEqual([]);
    expect(await everyone(mine({ followedSince: "2026-11-20" }, { birthMonths: [1, 2, 3, 9] }))).toEqual(ids(0, 1, 2));
  });
});

describe("segment evaluation › pages and counts", () => {
  it("pages in a stable order, each id once, however small the page", async () => {
    const all = await everyone(mine());
    expect(await everyone(mine(), 4)).toEqual(all);
    expect(await everyone(mine(), 1)).toEqual(all);
    const first = await segmentMembersPage(deps(), mine(), { cursor: null, limit: 4 });
    expect(first.lineUserIds).toEqual(all.slice(0, 4));
    const again = await segmentMembersPage(deps(), mine(), { cursor: first.nextCursor, limit: 4 });
    expect(again.lineUserIds).toEqual(all.slice(4, 8));
  });

  it("refuses a cursor it did not make", async () => {
    await expect(segmentMembersPage(deps(), mine(), { cursor: "made-up", limit: 4 })).rejects.toBeInstanceOf(
      InvalidSegmentCursor,
    );
  });

  it("counts exactly, without the blocked", async () => {
    expect(await countSegment(deps(), mine())).toEqual({ count: 11, exact: true });
    expect(await countSegment(deps(), mine({ tags: ["vip"] }))).toEqual({ count: 1, exact: true });
  });

  it("stops reading after the cap and estimates a very large segment, saying so", async () => {
    // A merchant with 100,000 linked members: only the first COUNT_SCAN_CAP ids are read.
    const total = 100_000;
    let pagesRead = 0;
    const hex = (n: number) => `U${n.toString(16).padStart(32, "0")}`;
    const bigMerchant: Pick<MerchantClient, "evaluateSegment"> = {
      evaluateSegment: async ({ cursor, limit = 500 }) => {
        pagesRead += 1;
        const start = cursor === undefined ? 0 : Number(cursor);
        const lineUserIds = Array.from({ length: Math.min(limit, total - start) }, (_, index) => hex(start + index));
        const next = start + lineUserIds.length;
        return { lineUserIds, nextCursor: next < total ? String(next) : null, total };
      },
    };
    // Every tenth of them blocked the account.
    const blocked = Array.from({ length: COUNT_SCAN_CAP / 10 }, (_, index) => hex(index * 10));
    await env.DB.prepare(
      "INSERT OR IGNORE INTO line_friends (line_user_id, followed, changed_at) SELECT value, 0, 0 FROM json_each(?1)",
    )
      .bind(JSON.stringify(blocked))
      .run();
    const counted = await countSegment({ db: env.DB, merchant: { ...sandboxMerchantClient(), ...bigMerchant } }, {});
    expect(counted).toEqual({ count: 90_000, exact: false });
    expect(pagesRead).toBe(COUNT_SCAN_CAP / 1000);
  });
});

const segmentId = () => `seg_${crypto.randomUUID().slice(0, 8)}`;

describe("/api/console/segments", () => {
  it("counts a definition not saved yet (the builder's live count)", async () => {
    const response = await callBff("/api/console/segments/count", { token: adminToken, ...jsonBody({ definition: mine() }) });
    expect(response.status).toBe(200);
    expect(SegmentCountResponse.parse(await response.json())).toEqual({ count: 11, exact: true });
  });

  it("saves, lists, renames, counts and deletes a segment, each write in the audit log by name", async () => {
    const id = segmentId();
    const definition = mine({ notTags: ["vip"] }, { rankCodes: ["silver", "gold"] });
    const created = await callBff(`/api/console/segments/${id}`, {
      token: adminToken,
      ...jsonBody({ name: "常連さん", definition }),
      method: "PUT",
    });
    expect(created.status).toBe(201);
    expect(SavedSegment.parse(await created.json())).toMatchObject({
      segmentId: id,
      name: "常連さん",
      definition,
      updatedBy: "高橋 美咲",
    });

    const renamed = await callBff(`/api/console/segments/${id}`, {
      token: adminToken,
      ...jsonBody({ name: "ゴールド・シルバー", definition }),
      method: "PUT",
    });
    expect(renamed.status).toBe(200);
    const list = SegmentListResponse.parse(await (await callBff("/api/console/segments", { token: adminToken })).json());
    expect(list.segments.filter((segment) => segment.segmentId === id).map((segment) => segment.name)).toEqual([
      "ゴールド・シルバー",
    ]);
    expect(await loadSavedSegment(env.DB, id)).toEqual({ segmentId: id, name: "ゴールド・シルバー", definition });

    // Silver or gold: 2, 3, 6, 7, 10; without vip (3): 2, 6, 7, 10.
    const count = await callBff(`/api/console/segments/${id}/count`, { token: adminToken });
    expect(SegmentCountResponse.parse(await count.json())).toEqual({ count: 4, exact: true });

    expect((await callBff(`/api/console/segments/${id}`, { token: adminToken, method: "DELETE" })).status).toBe(204);
    expect((await callBff(`/api/console/segments/${id}`, { token: adminToken, method: "DELETE" })).status).toBe(404);
    expect((await callBff(`/api/console/segments/${id}/count`, { token: adminToken })).status).toBe(404);
    expect(await loadSavedSegment(env.DB, id)).toBeNull();

    const audit = (await auditRows()).filter((row) => row.target === id);
    expect(audit.map((row) => [row.action, row.staff_name])).toEqual([
      ["segment.save", "高橋 美咲"],
      ["segment.save", "高橋 美咲"],
      ["segment.delete", "高橋 美咲"],
    ]);
    // The audit says what was done, never to whom.
    for (const row of audit) for (const member of members) expect(row.detail ?? "").not.toContain(member.lineUserId);
  });

  it("refuses a bad definition, name or id with 400 and writes nothing", async () => {
    const id = segmentId();
    const bad: unknown[] = [
      { name: "x", definition: { merchant: { birthMonths: [13] } } },
      { name: "x", definition: { merchant: { pointsMin: 10, pointsMax: 1 } } },
      { name: "x", definition: { line: { linkedSince: "2026-11-31" } } },
      { name: "x", definition: { line: { tags: [""] } } },
      { name: "x", definition: { line: { clickedCampaignIds: ["a b"] } } },
      { name: "x", definition: { everyone: true } },
      { name: "", definition: {} },
      { definition: {} },
    ];
    for (const body of bad) {
      const response = await callBff(`/api/console/segments/${id}`, { token: adminToken, ...jsonBody(body), method: "PUT" });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
    }
    const badId = await callBff("/api/console/segments/bad%20id", {
      token: adminToken,
      ...jsonBody({ name: "x", definition: {} }),
      method: "PUT",
    });
    expect(badId.status).toBe(400);
    const badCount = await callBff("/api/console/segments/count", {
      token: adminToken,
      ...jsonBody({ definition: { line: { since: "x" } } }),
    });
    expect(badCount.status).toBe(400);
    expect(await loadSavedSegment(env.DB, id)).toBeNull();
    expect((await auditRows()).filter((row) => row.target === id)).toEqual([]);
  });
});
