import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  CouponBenefit,
  CouponId,
  CouponRedemptionId,
  GrantCouponRequest,
  MemberId,
  RedeemCouponRequest,
  merchantOperations,
  type BirthdayCandidatePage,
  type CouponCatalogue,
  type CouponDefinition,
  type CouponKind,
  type CouponRedemption,
  type MemberCoupon,
  type MemberCouponList,
} from "../../../shared/merchant-contract.ts";
import { badRequestBody } from "../input.ts";
import type { MerchantDatabase } from "./database.ts";
import { once, readIdempotencyKey, type StoredAnswer } from "./idempotency.ts";
import { addDays, decodeCursor, encodeCursor, expiryInstant, japanDate } from "./points.ts";
import { validJsonBody, validPathParams } from "./validation.ts";

// Coupons as a shop's system keeps them: a catalogue, grants of it to members, and uses. A use
// is one conditional UPDATE (uses_left > 0), so the last use goes to exactly one redemption
// whatever the timing; a grant key makes the welcome and birthday grants happen once.

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CouponDefinitionSeed {
  couponDefinitionId: string;
  kind: CouponKind;
  title: string;
  benefit: CouponBenefit;
  conditions: string | null;
  /** null: every store. */
  storeIds: string[] | null;
  usesPerCoupon: number;
  validDays: number;
  rankCode: string | null;
}

export const couponDefinitionSeeds: readonly CouponDefinitionSeed[] = [
  {
    couponDefinitionId: "line_only_drink_50",
    kind: "line_only",
    title: "LINE会員限定 ドリンク50円引き",
    benefit: { type: "amount_off", yen: 50 },
    conditions: "店内・テイクアウトのドリンク1杯に使えます。",
    storeIds: ["store_shibuya", "store_kichijoji", "store_futakotamagawa"],
    usesPerCoupon: 1,
    validDays: 30,
    rankCode: null,
  },
  {
    couponDefinitionId: "welcome_drip_coffee",
    kind: "welcome",
    title: "会員連携ありがとうクーポン",
    benefit: { type: "free_item", item: "本日のドリップコーヒー(S)" },
    conditions: null,
    storeIds: ["store_shibuya", "store_kichijoji", "store_futakotamagawa"],
    usesPerCoupon: 1,
    validDays: 30,
    rankCode: null,
  },
  {
    couponDefinitionId: "gold_baked_goods_10",
    kind: "rank",
    title: "ゴールド会員 焼き菓子10%オフ",
    benefit: { type: "percent_off", percent: 10 },
    conditions: "焼き菓子のみ。ほかの割引との併用はできません。",
    storeIds: ["store_shibuya", "store_kichijoji"],
    usesPerCoupon: 2,
    validDays: 60,
    rankCode: "gold",
  },
  {
    couponDefinitionId: "birthday_cake",
    kind: "birthday",
    title: "お誕生月 ケーキプレゼント",
    benefit: { type: "free_item", item: "お好きなケーキ1個" },
    conditions: "お誕生月のあいだ有効です。",
    storeIds: null,
    usesPerCoupon: 1,
    validDays: 31,
    rankCode: null,
  },
];

/** A seeded grant: which coupon, for whom, how long ago, and how many uses were made. */
interface MemberCouponSeed {
  couponId: string;
  couponDefinitionId: string;
  memberId: string;
  grantKey: string;
  grantedDaysAgo: number;
  uses: ReadonlyArray<{ storeId: string; staffId: string; daysAgo: number }>;
}

// 山田 太郎 (the linked persona): two available (the gold one used once of twice), the
// welcome coupon used, last year's birthday coupon expired. 鈴木 美咲 has one of her own, so
// "someone else's coupon" can be tried by id.
export const memberCouponSeeds: readonly MemberCouponSeed[] = [
  {
    couponId: "cpn_0001_line",
    couponDefinitionId: "line_only_drink_50",
    memberId: "mem_0001",
    grantKey: "seed:cpn_0001_line",
    grantedDaysAgo: 3,
    uses: [],
  },
  {
    couponId: "cpn_0001_gold",
    couponDefinitionId: "gold_baked_goods_10",
    memberId: "mem_0001",
    grantKey: "seed:cpn_0001_gold",
    grantedDaysAgo: 10,
    uses: [{ storeId: "store_kichijoji", staffId: "stf_002", daysAgo: 4 }],
  },
  {
    couponId: "cpn_0001_welcome",
    couponDefinitionId: "welcome_drip_coffee",
    memberId: "mem_0001",
    grantKey: "welcome:mem_0001",
    grantedDaysAgo: 20,
    uses: [{ storeId: "store_shibuya", staffId: "stf_001", daysAgo: 15 }],
  },
  {
    couponId: "cpn_0001_birthday",
    couponDefinitionId: "birthday_cake",
    memberId: "mem_0001",
    grantKey: "birthday:mem_0001:2026",
    grantedDaysAgo: 200,
    uses: [],
  },
  {
    couponId: "cpn_0003_line",
    couponDefinitionId: "line_only_drink_50",
    memberId: "mem_0003",
    grantKey: "seed:cpn_0003_line",
    grantedDaysAgo: 2,
    uses: [],
  },
];

/** Fills the coupon tables; runs inside the seeding transaction. */
export function seedCoupons(db: MerchantDatabase, now: Date): void {
  for (const definition of couponDefinitionSeeds) {
    db.run(
      `INSERT INTO coupon_definitions (coupon_definition_id, kind, title, benefit_json, conditions, every_store,
         uses_per_coupon, valid_days, rank_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        definition.couponDefinitionId,
        definition.kind,
        definition.title,
        JSON.stringify(definition.benefit),
        definition.conditions,
        definition.storeIds === null ? 1 : 0,
        definition.usesPerCoupon,
        definition.validDays,
        definition.rankCode,
      ],
    );
    for (const storeId of definition.storeIds ?? []) {
      db.run("INSERT INTO coupon_definition_stores (coupon_definition_id, store_id) VALUES (?, ?)", [
        definition.couponDefinitionId,
        storeId,
      ]);
    }
  }
  for (const seed of memberCouponSeeds) {
    const grantedAt = new Date(now.getTime() - seed.grantedDaysAgo * DAY_MS);
    insertGrant(db, { ...seed, grantedAt });
    for (const use of seed.uses) {
      db.run("UPDATE member_coupons SET uses_left = uses_left - 1 WHERE coupon_id = ?", [seed.couponId]);
      db.run(
        "INSERT INTO coupon_redemptions (redemption_id, coupon_id, store_id, staff_id, redeemed_at) VALUES (?, ?, ?, ?, ?)",
        [
          newRedemptionId(),
          seed.couponId,
          use.storeId,
          use.staffId,
          new Date(now.getTime() - use.daysAgo * DAY_MS).toISOString(),
        ],
      );
    }
  }
}

const newCouponId = () => `cpn_${randomUUID().replaceAll("-", "")}`;
const newRedemptionId = () => `rdm_${randomUUID().replaceAll("-", "")}`;

/** Inserts a grant unless one with its key exists; the coupon id, or null when it existed. */
function insertGrant(
  db: MerchantDatabase,
  grant: { couponId?: string; couponDefinitionId: string; memberId: string; grantKey: string; grantedAt: Date },
): string | null {
  const definition = db.row(
    "SELECT uses_per_coupon AS uses, valid_days AS validDays FROM coupon_definitions WHERE coupon_definition_id = ?",
    [grant.couponDefinitionId],
    z.object({ uses: z.number(), validDays: z.number() }),
  );
  if (!definition) return null;
  const couponId = grant.couponId ?? newCouponId();
  // Valid through a whole Japan day, as shops word it ("12月28日まで"): until the midnight after.
  const validUntil = expiryInstant(addDays(japanDate(grant.grantedAt), definition.validDays));
  const inserted = db.run(
    `INSERT INTO member_coupons (coupon_id, coupon_definition_id, member_id, grant_key, granted_at, valid_until, uses_allowed, uses_left)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (grant_key) DO NOTHING`,
    [
      couponId,
      grant.couponDefinitionId,
      grant.memberId,
      grant.grantKey,
      grant.grantedAt.toISOString(),
      validUntil,
      definition.uses,
      definition.uses,
    ],
  );
  return inserted === 1 ? couponId : null;
}

/** A grant the shop makes on its own (a campaign in its back office): the new coupon's id, or null for an unknown coupon. */
export function grantFromCatalogue(db: MerchantDatabase, memberId: string, couponDefinitionId: string): string | null {
  return insertGrant(db, { couponDefinitionId, memberId, grantKey: `shop:${randomUUID()}`, grantedAt: new Date() });
}

/** The welcome coupon, granted on a member's first LINE link only (its key is per member): its id, or null when granted before. */
export function grantWelcomeCoupon(db: MerchantDatabase, memberId: string, now = new Date()): string | null {
  const welcome = couponDefinitionSeeds.find((definition) => definition.kind === "welcome");
  if (!welcome) return null;
  return insertGrant(db, {
    couponDefinitionId: welcome.couponDefinitionId,
    memberId,
    grantKey: `welcome:${memberId}`,
    grantedAt: now,
  });
}

const DefinitionRow = z.object({
  couponDefinitionId: z.string(),
  kind: z.enum(["line_only", "welcome", "rank", "birthday", "campaign"]),
  title: z.string(),
  benefitJson: z.string(),
  conditions: z.string().nullable(),
  everyStore: z.number(),
  usesPerCoupon: z.number(),
  validDays: z.number(),
  rankCode: z.string().nullable(),
});
type DefinitionRow = z.infer<typeof DefinitionRow>;

const StoreRow = z.object({ storeId: z.string(), name: z.string() });

function storesOf(db: MerchantDatabase, definition: DefinitionRow) {
  if (definition.everyStore === 1) return db.rows("SELECT store_id AS storeId, name FROM stores ORDER BY store_id", [], StoreRow);
  return db.rows(
    `SELECT s.store_id AS storeId, s.name FROM coupon_definition_stores d JOIN stores s ON s.store_id = d.store_id
     WHERE d.coupon_definition_id = ? ORDER BY s.store_id`,
    [definition.couponDefinitionId],
    StoreRow,
  );
}

const SELECT_DEFINITION = `SELECT coupon_definition_id AS couponDefinitionId, kind, title, benefit_json AS benefitJson,
  conditions, every_store AS everyStore, uses_per_coupon AS usesPerCoupon, valid_days AS validDays, rank_code AS rankCode
  FROM coupon_definitions`;

function termsOf(db: MerchantDatabase, definition: DefinitionRow) {
  return {
    kind: definition.kind,
    title: definition.title,
    benefit: CouponBenefit.parse(JSON.parse(definition.benefitJson)),
    conditions: definition.conditions,
    everyStore: definition.everyStore === 1,
    stores: storesOf(db, definition),
  };
}

function catalogue(db: MerchantDatabase): CouponCatalogue {
  const coupons: CouponDefinition[] = db
    .rows(`${SELECT_DEFINITION} ORDER BY coupon_definition_id`, [], DefinitionRow)
    .map((definition) => ({
      couponDefinitionId: definition.couponDefinitionId,
      ...termsOf(db, definition),
      usesPerCoupon: definition.usesPerCoupon,
      validDays: definition.validDays,
      rankCode: definition.rankCode,
    }));
  return { coupons };
}

const GrantRow = z.object({
  couponId: z.string(),
  couponDefinitionId: z.string(),
  grantedAt: z.string(),
  validUntil: z.string(),
  usesAllowed: z.number(),
  usesLeft: z.number(),
});

const SELECT_GRANT = `SELECT coupon_id AS couponId, coupon_definition_id AS couponDefinitionId, granted_at AS grantedAt,
  valid_until AS validUntil, uses_allowed AS usesAllowed, uses_left AS usesLeft FROM member_coupons`;

function memberCoupon(db: MerchantDatabase, grant: z.infer<typeof GrantRow>, now: Date): MemberCoupon {
  const definition = db.row(`${SELECT_DEFINITION} WHERE coupon_definition_id = ?`, [grant.couponDefinitionId], DefinitionRow);
  if (!definition) throw new Error(`coupon ${grant.couponId} has no definition`);
  const lastUse = db.row(
    "SELECT MAX(redeemed_at) AS lastUsedAt FROM coupon_redemptions WHERE coupon_id = ? AND voided_at IS NULL",
    [grant.couponId],
    z.object({ lastUsedAt: z.string().nullable() }),
  );
  const status = grant.usesLeft === 0 ? "used" : Date.parse(grant.validUntil) <= now.getTime() ? "expired" : "available";
  return {
    couponId: grant.couponId,
    couponDefinitionId: grant.couponDefinitionId,
    ...termsOf(db, definition),
    status,
    grantedAt: grant.grantedAt,
    validUntil: grant.validUntil,
    usesAllowed: grant.usesAllowed,
    usesLeft: grant.usesLeft,
    lastUsedAt: lastUse?.lastUsedAt ?? null,
  };
}

function findMemberCoupon(db: MerchantDatabase, memberId: string, couponId: string, now = new Date()): MemberCoupon | null {
  const grant = db.row(`${SELECT_GRANT} WHERE coupon_id = ? AND member_id = ?`, [couponId, memberId], GrantRow);
  return grant ? memberCoupon(db, grant, now) : null;
}

const memberExists = (db: MerchantDatabase, memberId: string) =>
  db.row("SELECT 1 AS one FROM members WHERE member_id = ?", [memberId], z.object({ one: z.number() })) !== null;

const RedemptionRow = z.object({
  redemptionId: z.string(),
  couponId: z.string(),
  storeId: z.string(),
  staffId: z.string(),
  redeemedAt: z.string(),
  voidedAt: z.string().nullable(),
});

function redemptionOf(db: MerchantDatabase, memberId: string, couponId: string, redemptionId: string): CouponRedemption | null {
  const row = db.row(
    `SELECT r.redemption_id AS redemptionId, r.coupon_id AS couponId, r.store_id AS storeId, r.staff_id AS staffId,
            r.redeemed_at AS redeemedAt, r.voided_at AS voidedAt
     FROM coupon_redemptions r JOIN member_coupons c ON c.coupon_id = r.coupon_id
     WHERE r.redemption_id = ? AND r.coupon_id = ? AND c.member_id = ?`,
    [redemptionId, couponId, memberId],
    RedemptionRow,
  );
  const coupon = row ? findMemberCoupon(db, memberId, couponId) : null;
  return row && coupon ? { ...row, coupon } : null;
}

const MemberParams = z.object({ memberId: MemberId });
const CouponParams = z.object({ memberId: MemberId, couponId: CouponId });
const RedemptionParams = z.object({ memberId: MemberId, couponId: CouponId, redemptionId: CouponRedemptionId });

const idempotencyKeyHeader = validator("header", (value, c) => {
  const key = readIdempotencyKey(value["idempotency-key"]);
  if (key === null) {
    return c.json(
      badRequestBody(
        new z.ZodError([
          { code: "custom", path: ["Idempotency-Key"], message: "16 to 128 URL-safe characters", input: undefined },
        ]),
        "The Idempotency-Key header is missing or malformed",
      ),
      400,
    );
  }
  return { key };
});

const answer = (c: { json: (body: unknown, status: StoredAnswer["status"]) => Response }, stored: StoredAnswer) =>
  c.json(stored.body, stored.status);

const birthdayCandidates = merchantOperations.find((operation) => operation.operationId === "listBirthdayCandidates")!;
const BirthdayQuery = z.object(birthdayCandidates.queryParams);

/** GET /v1/coupons: the catalogue; GET /v1/coupons/birthday-candidates: linked members born in a month. */
export function couponCatalogueRoutes(db: MerchantDatabase) {
  return new Hono()
    .get("/", (c) => c.json(catalogue(db), 200))
    .get(
      "/birthday-candidates",
      validator("query", (value, c) => {
        const result = BirthdayQuery.safeParse(value);
        return result.success ? result.data : c.json(badRequestBody(result.error), 400);
      }),
      (c) => {
        const { month, cursor, limit = 500 } = c.req.valid("query");
        // The cursor encodes the last member id of the page: members are paged in id order.
        const after = cursor === undefined ? "" : decodeCursor(cursor, MemberId);
        if (after === null) return c.json(errorBody("bad_request", "The cursor is not one this merchant issued"), 400);
        const rows = db.rows(
          `SELECT m.member_id AS memberId, l.line_user_id AS lineUserId FROM members m JOIN line_links l ON l.member_id = m.member_id
           WHERE substr(m.birth_date, 6, 2) = ? AND m.member_id > ? ORDER BY m.member_id LIMIT ?`,
          [String(month).padStart(2, "0"), after, limit + 1],
          z.object({ memberId: z.string(), lineUserId: z.string() }),
        );
        const members = rows.slice(0, limit);
        const page: BirthdayCandidatePage = {
          members,
          nextCursor: rows.length > limit && members.length > 0 ? encodeCursor(members[members.length - 1].memberId) : null,
        };
        return c.json(page, 200);
      },
    );
}

/** A member's coupons under /v1/members/:memberId/coupons: list, read, grant, redeem, void. */
export function memberCouponRoutes(db: MerchantDatabase) {
  return new Hono()
    .get("/:memberId/coupons", validPathParams(MemberParams), (c) => {
      const { memberId } = c.req.valid("param");
      if (!memberExists(db, memberId)) return c.json(errorBody("not_found", "No such member"), 404);
      const now = new Date();
      const grants = db.rows(`${SELECT_GRANT} WHERE member_id = ? ORDER BY granted_at DESC, coupon_id`, [memberId], GrantRow);
      const body: MemberCouponList = { coupons: grants.map((grant) => memberCoupon(db, grant, now)) };
      return c.json(body, 200);
    })
    .get("/:memberId/coupons/:couponId", validPathParams(CouponParams), (c) => {
      const { memberId, couponId } = c.req.valid("param");
      const coupon = findMemberCoupon(db, memberId, couponId);
      if (!coupon) return c.json(errorBody("not_found", "No such coupon for this member"), 404);
      return c.json(coupon, 200);
    })
    .post("/:memberId/coupons", validPathParams(MemberParams), idempotencyKeyHeader, validJsonBody(GrantCouponRequest), (c) => {
      const { memberId } = c.req.valid("param");
      const { key } = c.req.valid("header");
      const request = c.req.valid("json");
      const stored = once(db, "grantCoupon", key, { memberId, ...request }, () => {
        if (!memberExists(db, memberId)) return { status: 404, body: errorBody("not_found", "No such member") };
        const grantKey = request.grantKey ?? `grant:${key}`;
        const earlier = db.row(`${SELECT_GRANT} WHERE grant_key = ? AND member_id = ?`, [grantKey, memberId], GrantRow);
        if (earlier) return { status: 200, body: memberCoupon(db, earlier, new Date()) };
        const couponId = insertGrant(db, {
          couponDefinitionId: request.couponDefinitionId,
          memberId,
          grantKey,
          grantedAt: new Date(),
        });
        const coupon = couponId ? findMemberCoupon(db, memberId, couponId) : null;
        if (!coupon) return { status: 404, body: errorBody("not_found", "No such coupon in the catalogue") };
        return { status: 201, body: coupon };
      });
      return answer(c, stored);
    })
    .post(
      "/:memberId/coupons/:couponId/redemptions",
      validPathParams(CouponParams),
      idempotencyKeyHeader,
      validJsonBody(RedeemCouponRequest),
      (c) => {
        const { memberId, couponId } = c.req.valid("param");
        const { key } = c.req.valid("header");
        const request = c.req.valid("json");
        const stored = once(db, "redeemCoupon", key, { memberId, couponId, ...request }, () => {
          const coupon = findMemberCoupon(db, memberId, couponId);
          if (!coupon) return { status: 404, body: errorBody("not_found", "No such coupon for this member") };
          if (coupon.status === "used") return { status: 409, body: errorBody("coupon_used", "This coupon has no uses left") };
          if (coupon.status === "expired") return { status: 422, body: errorBody("coupon_expired", "This coupon has expired") };
          if (!coupon.stores.some((store) => store.storeId === request.storeId)) {
            return { status: 422, body: errorBody("coupon_wrong_store", "This coupon is not taken at this store") };
          }
          // The condition, not the check above, decides: it holds under any interleaving.
          const taken = db.run("UPDATE member_coupons SET uses_left = uses_left - 1 WHERE coupon_id = ? AND uses_left > 0", [
            couponId,
          ]);
          if (taken === 0) return { status: 409, body: errorBody("coupon_used", "This coupon has no uses left") };
          const redemptionId = newRedemptionId();
          db.run(
            "INSERT INTO coupon_redemptions (redemption_id, coupon_id, store_id, staff_id, redeemed_at) VALUES (?, ?, ?, ?, ?)",
            [redemptionId, couponId, request.storeId, request.staffId, new Date().toISOString()],
          );
          return { status: 201, body: redemptionOf(db, memberId, couponId, redemptionId) };
        });
        return answer(c, stored);
      },
    )
    .post("/:memberId/coupons/:couponId/redemptions/:redemptionId/void", validPathParams(RedemptionParams), (c) => {
      const { memberId, couponId, redemptionId } = c.req.valid("param");
      const voided = db.transaction(() => {
        const existing = redemptionOf(db, memberId, couponId, redemptionId);
        if (!existing) return null;
        if (existing.voidedAt === null) {
          db.run("UPDATE coupon_redemptions SET voided_at = ? WHERE redemption_id = ? AND voided_at IS NULL", [
            new Date().toISOString(),
            redemptionId,
          ]);
          db.run("UPDATE member_coupons SET uses_left = uses_left + 1 WHERE coupon_id = ?", [couponId]);
        }
        return redemptionOf(db, memberId, couponId, redemptionId);
      });
      if (!voided) return c.json(errorBody("not_found", "No such redemption of this member's coupon"), 404);
      return c.json(voided, 200);
    });
}
