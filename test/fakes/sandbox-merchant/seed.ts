/*
 * Seed data for the sandbox merchant: こもれび珈琲, a fictional coffee roaster & bakery.
 * DEV-ONLY FAKE DATA: every name, number and PIN below is invented and public.
 *
 * Linking asks for member number + PIN (link settings: secondFactor "pin"; PUT /__dev/link-settings
 * switches to "birthDate" or "otp", a one-time code "sent" to member-<number>@example.com that
 * GET /__dev/one-time-codes?memberNumber=… shows).
 *
 *   member no.  name        PIN   birth date  rank     points  LINE
 *   1000-0001   山田 太郎   5678  1984-05-18  gold      1,280  linked to the "linked" persona
 *   1000-0002   佐藤 花子   1234  1992-08-23  regular     350  the "unlinked" persona, not linked
 *   1000-0003   鈴木 美咲   2468  1990-01-30  silver      820
 *   1000-0004   高橋 健太   1357  1998-11-02  regular      90
 *   1000-0005   田中 陽子   8080  1976-03-14  gold      4,620
 *   1000-0006   伊藤 翔     7777  2001-07-07  regular     140
 *   1000-0007   渡辺 由美   3141  1988-12-24  silver    1,510
 *   1000-0008   中村 大輔   0909  1995-04-05  regular     260
 *   1000-0009   小林 さくら 1122  1993-03-27  silver      980
 *   1000-0010   加藤 誠     4455  1969-10-10  regular     145
 *   1000-0011   吉田 愛     6543  1982-09-09  gold      3,300
 *   1000-0012   山本 蓮     2026  2003-02-11  regular     100
 *
 * Staff: 鈴木 一郎 (the "staff" persona) at 渋谷店; 森 直子, manager of 渋谷店 and 吉祥寺店;
 * 石井 亮 at 二子玉川店; 岡田 舞 for the online store; 高橋 美咲 (the "admin" persona), head office
 * admin of every store, who opens the console. All but 岡田 舞 have a LINE user id.
 *
 * Orders (orderSeeds): online orders are delivered, shop orders collected at the shop; every
 * status appears (山田 太郎 has one shipped and one ready for pickup, and one reorder). Products include some out
 * of stock (ケニア AA, デカフェ ドリップバッグ, バスクチーズケーキ) and some discontinued (さくら
 * ブレンド, 栗のマフィン), so reorders meet both; POST /__dev/products/:productId changes them.
 * Points: delivered orders earn points at the rank's rate, expiring a year later; limited-time
 * bonuses (bonusSeeds) expire 9 to 40 days after the data was seeded; 吉田 愛 (1000-0011) has
 * an entry of every kind, an expiry included.
 *
 * BFF tests link members to LINE users of their own, one file per member: 1000-0005 staff,
 * 1000-0007 and 1000-0009 orders, 1000-0011 points, 1000-0008 and 1000-0010 merchant hooks.
 */
import { devPersona } from "../personas.ts";
import { seedCoupons } from "./coupons.ts";
import type { MerchantDatabase } from "./database.ts";
import { nextNumber } from "./numbers.ts";
import { hashPin, newPinSalt } from "./pin.ts";
import {
  addDays,
  addYears,
  dueExpiries,
  expiryInstant,
  japanDate,
  PURCHASE_POINTS_VALID_YEARS,
  replayLedger,
  type LedgerReason,
} from "./points.ts";

type RankCode = "regular" | "silver" | "gold";
type StoreId = "store_shibuya" | "store_kichijoji" | "store_futakotamagawa" | "store_online";

export interface MemberSeed {
  memberId: string;
  memberNumber: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  rank: RankCode;
  birthDate: string;
  pin: string;
  /** The balance the ledger must add up to; a migration entry makes up the difference. */
  points: number;
  homeStoreId: StoreId;
  joinedOn: string;
}

interface RankSeed {
  code: RankCode;
  name: string;
  pointsPer100Yen: number;
  qualifyingAnnualSpendYen: number;
  /** What the rank gives, as the shop words it, the headline first. */
  benefits: readonly string[];
}

interface StoreSeed {
  storeId: StoreId;
  name: string;
  address: string | null;
}

interface ProductSeed {
  productId: string;
  sku: string;
  name: string;
  category: "beans" | "drip_bags" | "baked_goods" | "equipment";
  priceYen: number;
  availability: "available" | "out_of_stock" | "discontinued";
}

type OrderStatus = "placed" | "confirmed" | "shipped" | "ready_for_pickup" | "delivered" | "cancelled";

/** An order sold by the online store is delivered; one at a shop is collected there. */
interface OrderSeed {
  orderId: string;
  memberId: string;
  storeId: StoreId;
  orderedAt: string;
  status: OrderStatus;
  items: ReadonlyArray<readonly [sku: string, quantity: number]>;
  /** Placed as a reorder of this earlier order. */
  sourceOrderId?: string;
}

interface StaffSeed {
  staffId: string;
  name: string;
  role: "staff" | "manager" | "admin";
  lineUserId: string | null;
  storeIds: StoreId[];
}

export const merchantName = "こもれび珈琲";

export const rankSeeds: readonly RankSeed[] = [
  { code: "regular", name: "レギュラー", pointsPer100Yen: 1, qualifyingAnnualSpendYen: 0, benefits: ["誕生月クーポン"] },
  {
    code: "silver",
    name: "シルバー",
    pointsPer100Yen: 2,
    qualifyingAnnualSpendYen: 30_000,
    benefits: ["ポイント2倍", "誕生月クーポン"],
  },
  {
    code: "gold",
    name: "ゴールド",
    pointsPer100Yen: 3,
    qualifyingAnnualSpendYen: 80_000,
    benefits: ["ポイント3倍", "焼き菓子10%オフクーポン", "誕生月クーポン"],
  },
];

export const storeSeeds: readonly StoreSeed[] = [
  { storeId: "store_shibuya", name: "渋谷店", address: "東京都渋谷区神南1-2-3" },
  { storeId: "store_kichijoji", name: "吉祥寺店", address: "東京都武蔵野市吉祥寺本町2-4-6" },
  { storeId: "store_futakotamagawa", name: "二子玉川店", address: "東京都世田谷区玉川3-5-7" },
  { storeId: "store_online", name: "オンラインストア", address: null },
];

export const productSeeds: readonly ProductSeed[] = [
  {
    productId: "prd_001",
    sku: "KB-BLEND-200",
    name: "こもれびブレンド 200g",
    category: "beans",
    priceYen: 1620,
    availability: "available",
  },
  {
    productId: "prd_002",
    sku: "KB-FOREST-200",
    name: "森のしずく 深煎りブレンド 200g",
    category: "beans",
    priceYen: 1680,
    availability: "available",
  },
  {
    productId: "prd_003",
    sku: "KB-ETH-200",
    name: "エチオピア イルガチェフェ 200g",
    category: "beans",
    priceYen: 2160,
    availability: "available",
  },
  {
    productId: "prd_004",
    sku: "KB-GUA-200",
    name: "グアテマラ アンティグア 200g",
    category: "beans",
    priceYen: 1944,
    availability: "available",
  },
  {
    productId: "prd_005",
    sku: "KB-KEN-200",
    name: "ケニア AA 200g",
    category: "beans",
    priceYen: 2376,
    availability: "out_of_stock",
  },
  {
    productId: "prd_006",
    sku: "KB-DECAF-200",
    name: "デカフェ コロンビア 200g",
    category: "beans",
    priceYen: 1998,
    availability: "available",
  },
  {
    productId: "prd_007",
    sku: "KB-SAKURA-200",
    name: "春限定 さくらブレンド 200g",
    category: "beans",
    priceYen: 1782,
    availability: "discontinued",
  },
  {
    productId: "prd_008",
    sku: "DB-BLEND-5",
    name: "こもれびブレンド ドリップバッグ 5袋",
    category: "drip_bags",
    priceYen: 810,
    availability: "available",
  },
  {
    productId: "prd_009",
    sku: "DB-ASSORT-10",
    name: "ドリップバッグ 飲み比べセット 10袋",
    category: "drip_bags",
    priceYen: 1680,
    availability: "available",
  },
  {
    productId: "prd_010",
    sku: "DB-DECAF-5",
    name: "デカフェ ドリップバッグ 5袋",
    category: "drip_bags",
    priceYen: 864,
    availability: "out_of_stock",
  },
  {
    productId: "prd_011",
    sku: "BK-CROISSANT",
    name: "発酵バターのクロワッサン",
    category: "baked_goods",
    priceYen: 320,
    availability: "available",
  },
  {
    productId: "prd_012",
    sku: "BK-CINNAMON",
    name: "シナモンロール",
    category: "baked_goods",
    priceYen: 380,
    availability: "available",
  },
  {
    productId: "prd_013",
    sku: "BK-SCONE",
    name: "珈琲スコーン",
    category: "baked_goods",
    priceYen: 290,
    availability: "available",
  },
  {
    productId: "prd_014",
    sku: "BK-CHEESECAKE",
    name: "バスクチーズケーキ",
    category: "baked_goods",
    priceYen: 520,
    availability: "out_of_stock",
  },
  {
    productId: "prd_015",
    sku: "BK-MUFFIN-CHESTNUT",
    name: "栗のマフィン",
    category: "baked_goods",
    priceYen: 360,
    availability: "discontinued",
  },
  {
    productId: "prd_016",
    sku: "EQ-DRIPPER",
    name: "有田焼ドリッパー",
    category: "equipment",
    priceYen: 3300,
    availability: "available",
  },
];

export const memberSeeds: readonly MemberSeed[] = [
  {
    memberId: "mem_0001",
    memberNumber: "1000-0001",
    familyName: "山田",
    givenName: "太郎",
    familyNameKana: "ヤマダ",
    givenNameKana: "タロウ",
    rank: "gold",
    birthDate: "1984-05-18",
    pin: "5678",
    points: 1280,
    homeStoreId: "store_shibuya",
    joinedOn: "2023-04-01",
  },
  {
    memberId: "mem_0002",
    memberNumber: "1000-0002",
    familyName: "佐藤",
    givenName: "花子",
    familyNameKana: "サトウ",
    givenNameKana: "ハナコ",
    rank: "regular",
    birthDate: "1992-08-23",
    pin: "1234",
    points: 350,
    homeStoreId: "store_futakotamagawa",
    joinedOn: "2026-02-14",
  },
  {
    memberId: "mem_0003",
    memberNumber: "1000-0003",
    familyName: "鈴木",
    givenName: "美咲",
    familyNameKana: "スズキ",
    givenNameKana: "ミサキ",
    rank: "silver",
    birthDate: "1990-01-30",
    pin: "2468",
    points: 820,
    homeStoreId: "store_kichijoji",
    joinedOn: "2024-06-10",
  },
  {
    memberId: "mem_0004",
    memberNumber: "1000-0004",
    familyName: "高橋",
    givenName: "健太",
    familyNameKana: "タカハシ",
    givenNameKana: "ケンタ",
    rank: "regular",
    birthDate: "1998-11-02",
    pin: "1357",
    points: 90,
    homeStoreId: "store_shibuya",
    joinedOn: "2025-09-21",
  },
  {
    memberId: "mem_0005",
    memberNumber: "1000-0005",
    familyName: "田中",
    givenName: "陽子",
    familyNameKana: "タナカ",
    givenNameKana: "ヨウコ",
    rank: "gold",
    birthDate: "1976-03-14",
    pin: "8080",
    points: 4620,
    homeStoreId: "store_kichijoji",
    joinedOn: "2022-11-03",
  },
  {
    memberId: "mem_0006",
    memberNumber: "1000-0006",
    familyName: "伊藤",
    givenName: "翔",
    familyNameKana: "イトウ",
    givenNameKana: "ショウ",
    rank: "regular",
    birthDate: "2001-07-07",
    pin: "7777",
    points: 140,
    homeStoreId: "store_online",
    joinedOn: "2025-12-01",
  },
  {
    memberId: "mem_0007",
    memberNumber: "1000-0007",
    familyName: "渡辺",
    givenName: "由美",
    familyNameKana: "ワタナベ",
    givenNameKana: "ユミ",
    rank: "silver",
    birthDate: "1988-12-24",
    pin: "3141",
    points: 1510,
    homeStoreId: "store_futakotamagawa",
    joinedOn: "2024-02-20",
  },
  {
    memberId: "mem_0008",
    memberNumber: "1000-0008",
    familyName: "中村",
    givenName: "大輔",
    familyNameKana: "ナカムラ",
    givenNameKana: "ダイスケ",
    rank: "regular",
    birthDate: "1995-04-05",
    pin: "0909",
    points: 260,
    homeStoreId: "store_shibuya",
    joinedOn: "2025-05-05",
  },
  {
    memberId: "mem_0009",
    memberNumber: "1000-0009",
    familyName: "小林",
    givenName: "さくら",
    familyNameKana: "コバヤシ",
    givenNameKana: "サクラ",
    rank: "silver",
    birthDate: "1993-03-27",
    pin: "1122",
    points: 980,
    homeStoreId: "store_online",
    joinedOn: "2024-09-15",
  },
  {
    memberId: "mem_0010",
    memberNumber: "1000-0010",
    familyName: "加藤",
    givenName: "誠",
    familyNameKana: "カトウ",
    givenNameKana: "マコト",
    rank: "regular",
    birthDate: "1969-10-10",
    pin: "4455",
    points: 145,
    homeStoreId: "store_kichijoji",
    joinedOn: "2026-06-18",
  },
  {
    memberId: "mem_0011",
    memberNumber: "1000-0011",
    familyName: "吉田",
    givenName: "愛",
    familyNameKana: "ヨシダ",
    givenNameKana: "アイ",
    rank: "gold",
    birthDate: "1982-09-09",
    pin: "6543",
    points: 3300,
    homeStoreId: "store_online",
    joinedOn: "2023-01-15",
  },
  {
    memberId: "mem_0012",
    memberNumber: "1000-0012",
    familyName: "山本",
    givenName: "蓮",
    familyNameKana: "ヤマモト",
    givenNameKana: "レン",
    rank: "regular",
    birthDate: "2003-02-11",
    pin: "2026",
    points: 100,
    homeStoreId: "store_shibuya",
    joinedOn: "2026-11-01",
  },
];

export const orderSeeds: readonly OrderSeed[] = [
  {
    orderId: "ord_0001",
    memberId: "mem_0001",
    storeId: "store_shibuya",
    orderedAt: "2026-06-07T08:42:00+09:00",
    status: "delivered",
    items: [
      ["KB-BLEND-200", 1],
      ["BK-CROISSANT", 2],
    ],
  },
  {
    orderId: "ord_0002",
    memberId: "mem_0001",
    storeId: "store_online",
    orderedAt: "2026-07-20T21:15:00+09:00",
    status: "delivered",
    items: [
      ["KB-ETH-200", 1],
      ["DB-ASSORT-10", 1],
    ],
  },
  {
    orderId: "ord_0003",
    memberId: "mem_0001",
    storeId: "store_kichijoji",
    orderedAt: "2026-08-30T15:05:00+09:00",
    status: "delivered",
    items: [
      ["KB-FOREST-200", 2],
      ["BK-CINNAMON", 1],
    ],
  },
  {
    orderId: "ord_0004",
    memberId: "mem_0001",
    storeId: "store_online",
    orderedAt: "2026-10-02T22:48:00+09:00",
    status: "cancelled",
    items: [["KB-KEN-200", 1]],
  },
  {
    orderId: "ord_0005",
    memberId: "mem_0001",
    storeId: "store_shibuya",
    orderedAt: "2026-11-14T09:10:00+09:00",
    status: "delivered",
    sourceOrderId: "ord_0001",
    items: [
      ["KB-BLEND-200", 1],
      ["BK-SCONE", 2],
      ["BK-CROISSANT", 1],
    ],
  },
  {
    orderId: "ord_0006",
    memberId: "mem_0002",
    storeId: "store_futakotamagawa",
    orderedAt: "2026-02-14T11:30:00+09:00",
    status: "delivered",
    items: [
      ["DB-BLEND-5", 1],
      ["BK-CHEESECAKE", 1],
      ["BK-SCONE", 1],
    ],
  },
  {
    orderId: "ord_0007",
    memberId: "mem_0002",
    storeId: "store_futakotamagawa",
    orderedAt: "2026-09-06T14:20:00+09:00",
    status: "delivered",
    items: [["KB-DECAF-200", 1]],
  },
  {
    orderId: "ord_0008",
    memberId: "mem_0003",
    storeId: "store_kichijoji",
    orderedAt: "2026-04-12T10:02:00+09:00",
    status: "delivered",
    items: [
      ["KB-SAKURA-200", 2],
      ["BK-MUFFIN-CHESTNUT", 1],
    ],
  },
  {
    orderId: "ord_0009",
    memberId: "mem_0003",
    storeId: "store_kichijoji",
    orderedAt: "2026-10-18T16:45:00+09:00",
    status: "delivered",
    items: [
      ["KB-GUA-200", 1],
      ["BK-CINNAMON", 2],
    ],
  },
  {
    orderId: "ord_0010",
    memberId: "mem_0005",
    storeId: "store_kichijoji",
    orderedAt: "2026-05-03T09:00:00+09:00",
    status: "delivered",
    items: [
      ["KB-FOREST-200", 3],
      ["DB-DECAF-5", 2],
    ],
  },
  {
    orderId: "ord_0011",
    memberId: "mem_0005",
    storeId: "store_online",
    orderedAt: "2026-09-21T20:30:00+09:00",
    status: "delivered",
    items: [
      ["EQ-DRIPPER", 1],
      ["KB-ETH-200", 2],
    ],
  },
  {
    orderId: "ord_0012",
    memberId: "mem_0007",
    storeId: "store_futakotamagawa",
    orderedAt: "2026-08-08T13:13:00+09:00",
    status: "delivered",
    items: [
      ["KB-BLEND-200", 2],
      ["BK-CHEESECAKE", 2],
    ],
  },
  {
    orderId: "ord_0013",
    memberId: "mem_0009",
    storeId: "store_online",
    orderedAt: "2026-07-01T07:55:00+09:00",
    status: "delivered",
    items: [["DB-ASSORT-10", 2]],
  },
  {
    orderId: "ord_0014",
    memberId: "mem_0011",
    storeId: "store_online",
    orderedAt: "2026-03-29T19:40:00+09:00",
    status: "delivered",
    items: [
      ["KB-KEN-200", 2],
      ["EQ-DRIPPER", 1],
    ],
  },
  {
    orderId: "ord_0015",
    memberId: "mem_0011",
    storeId: "store_shibuya",
    orderedAt: "2026-11-08T08:20:00+09:00",
    status: "delivered",
    items: [
      ["KB-GUA-200", 1],
      ["BK-CROISSANT", 3],
    ],
  },
  {
    orderId: "ord_0016",
    memberId: "mem_0004",
    storeId: "store_shibuya",
    orderedAt: "2026-10-25T18:05:00+09:00",
    status: "cancelled",
    items: [["DB-BLEND-5", 1]],
  },
  {
    orderId: "ord_0017",
    memberId: "mem_0001",
    storeId: "store_online",
    orderedAt: "2026-11-18T20:02:00+09:00",
    status: "shipped",
    items: [
      ["KB-GUA-200", 1],
      ["DB-BLEND-5", 2],
    ],
  },
  {
    orderId: "ord_0018",
    memberId: "mem_0001",
    storeId: "store_shibuya",
    orderedAt: "2026-11-21T12:40:00+09:00",
    status: "ready_for_pickup",
    items: [
      ["BK-CROISSANT", 4],
      ["BK-CINNAMON", 2],
    ],
  },
  {
    orderId: "ord_0019",
    memberId: "mem_0011",
    storeId: "store_online",
    orderedAt: "2025-04-02T21:10:00+09:00",
    status: "delivered",
    items: [
      ["KB-ETH-200", 2],
      ["EQ-DRIPPER", 1],
    ],
  },
  {
    orderId: "ord_0020",
    memberId: "mem_0011",
    storeId: "store_online",
    orderedAt: "2026-11-19T22:30:00+09:00",
    status: "confirmed",
    items: [["DB-ASSORT-10", 1]],
  },
  {
    orderId: "ord_0021",
    memberId: "mem_0007",
    storeId: "store_online",
    orderedAt: "2026-10-30T19:45:00+09:00",
    status: "shipped",
    items: [
      ["KB-FOREST-200", 1],
      ["KB-SAKURA-200", 1],
      ["DB-ASSORT-10", 1],
    ],
  },
  {
    orderId: "ord_0022",
    memberId: "mem_0007",
    storeId: "store_kichijoji",
    orderedAt: "2026-05-16T10:25:00+09:00",
    status: "delivered",
    items: [
      ["BK-SCONE", 3],
      ["KB-DECAF-200", 1],
    ],
  },
];

/** Where deliveries go (invented). Members who join from LINE have no address until they give one. */
const memberAddresses: Readonly<Record<string, string>> = {
  mem_0001: "東京都渋谷区宇田川町12-3 こもれびハイツ201",
  mem_0002: "東京都世田谷区玉川4-8-2",
  mem_0003: "東京都武蔵野市御殿山1-5-9",
  mem_0004: "東京都目黒区青葉台2-11-4",
  mem_0005: "東京都三鷹市井の頭3-2-17",
  mem_0006: "神奈川県川崎市中原区小杉町1-403",
  mem_0007: "東京都世田谷区瀬田5-6-1",
  mem_0008: "東京都渋谷区代々木3-28-6",
  mem_0009: "大阪府大阪市北区中崎西2-4-12",
  mem_0010: "東京都杉並区西荻北4-1-8",
  mem_0011: "福岡県福岡市中央区大名1-9-33",
  mem_0012: "東京都渋谷区神宮前6-19-2",
};

/** The carrier and a made-up tracking number for a shipped delivery. */
export function seedTracking(orderId: string): { carrier: string; trackingNumber: string } {
  const digits = orderId.replace(/\D/g, "").padStart(4, "0");
  return { carrier: "ヤマト運輸", trackingNumber: `4821-0937-${digits}` };
}

/** Points spent at the till, so the ledger has both directions. */
const redemptionSeeds: ReadonlyArray<{ memberId: string; points: number; storeId: StoreId; occurredAt: string; note: string }> = [
  {
    memberId: "mem_0001",
    points: 500,
    storeId: "store_shibuya",
    occurredAt: "2026-09-12T10:20:00+09:00",
    note: "渋谷店でのお会計に利用",
  },
  {
    memberId: "mem_0004",
    points: 100,
    storeId: "store_shibuya",
    occurredAt: "2026-10-11T17:30:00+09:00",
    note: "渋谷店でのお会計に利用",
  },
  {
    memberId: "mem_0005",
    points: 1000,
    storeId: "store_online",
    occurredAt: "2026-10-01T09:45:00+09:00",
    note: "ドリッパー購入時に利用",
  },
  {
    memberId: "mem_0011",
    points: 300,
    storeId: "store_shibuya",
    occurredAt: "2026-11-08T08:20:00+09:00",
    note: "渋谷店でのお会計に利用",
  },
];

/** Points the shop added by hand. */
const adjustmentSeeds: ReadonlyArray<{ memberId: string; points: number; occurredAt: string; note: string }> = [
  { memberId: "mem_0011", points: 200, occurredAt: "2026-06-15T12:00:00+09:00", note: "配送遅延のお詫び" },
];

/**
 * Limited-time bonus points (double points on an order), granted two days before the data is
 * seeded and expiring a few days after it, so "expiring soon" always has something to show.
 */
const bonusSeeds: ReadonlyArray<{ memberId: string; orderId: string; expiresInDays: number }> = [
  { memberId: "mem_0001", orderId: "ord_0005", expiresInDays: 12 },
  { memberId: "mem_0007", orderId: "ord_0012", expiresInDays: 25 },
  { memberId: "mem_0011", orderId: "ord_0015", expiresInDays: 9 },
  { memberId: "mem_0011", orderId: "ord_0014", expiresInDays: 40 },
];

export const staffSeeds: readonly StaffSeed[] = [
  {
    staffId: "stf_001",
    name: "鈴木 一郎",
    role: "staff",
    lineUserId: devPersona("staff").lineUserId,
    storeIds: ["store_shibuya"],
  },
  {
    staffId: "stf_002",
    name: "森 直子",
    role: "manager",
    lineUserId: "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b",
    storeIds: ["store_shibuya", "store_kichijoji"],
  },
  {
    staffId: "stf_003",
    name: "石井 亮",
    role: "staff",
    lineUserId: "U3e5a7c9b1d2f4a6c8e0b2d4f6a8c0e1d",
    storeIds: ["store_futakotamagawa"],
  },
  { staffId: "stf_004", name: "岡田 舞", role: "staff", lineUserId: null, storeIds: ["store_online"] },
  {
    staffId: "stf_005",
    name: "高橋 美咲",
    role: "admin",
    lineUserId: devPersona("admin").lineUserId,
    storeIds: ["store_shibuya", "store_kichijoji", "store_futakotamagawa", "store_online"],
  },
];

export const lineLinkSeeds: ReadonlyArray<{ lineUserId: string; memberId: string; linkedAt: string }> = [
  { lineUserId: devPersona("linked").lineUserId, memberId: "mem_0001", linkedAt: "2026-07-01T12:34:56.000Z" },
];

export const SIGNUP_BONUS_POINTS = 100;

/** Fills an empty database with the shop above. Runs inside the caller's transaction. */
export function seedSandboxMerchant(db: MerchantDatabase, now = new Date()): void {
  db.run("INSERT INTO merchant_settings (singleton, link_second_factor) VALUES (1, 'pin')");
  rankSeeds.forEach((rank, position) =>
    db.run(
      "INSERT INTO ranks (code, name, position, points_per_100_yen, qualifying_annual_spend_yen, benefits_json) VALUES (?, ?, ?, ?, ?, ?)",
      [rank.code, rank.name, position, rank.pointsPer100Yen, rank.qualifyingAnnualSpendYen, JSON.stringify(rank.benefits)],
    ),
  );
  for (const store of storeSeeds) {
    db.run("INSERT INTO stores (store_id, name, kind, address) VALUES (?, ?, ?, ?)", [
      store.storeId,
      store.name,
      store.address === null ? "online" : "shop",
      store.address,
    ]);
  }
  for (const product of productSeeds) {
    db.run("INSERT INTO products (product_id, sku, name, category, price_yen, availability) VALUES (?, ?, ?, ?, ?, ?)", [
      product.productId,
      product.sku,
      product.name,
      product.category,
      product.priceYen,
      product.availability,
    ]);
  }
  memberSeeds.forEach((member) => insertMember(db, member));
  orderSeeds.forEach((order) => insertOrder(db, order));
  memberSeeds.forEach((member) => insertPointLedger(db, member, now));
  staffSeeds.forEach((staff) => insertStaff(db, staff));
  seedReservations(db);
  for (const link of lineLinkSeeds) {
    db.run("INSERT INTO line_links (line_user_id, member_id, linked_at) VALUES (?, ?, ?)", [
      link.lineUserId,
      link.memberId,
      link.linkedAt,
    ]);
  }
  seedCoupons(db, now);
}

function insertMember(db: MerchantDatabase, member: MemberSeed): void {
  const salt = newPinSalt();
  db.run(
    `INSERT INTO members (member_id, member_number, family_name, given_name, family_name_kana, given_name_kana,
       rank_code, birth_date, pin_salt, pin_sha256, home_store_id, joined_on, address, email)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      member.memberId,
      member.memberNumber,
      member.familyName,
      member.givenName,
      member.familyNameKana,
      member.givenNameKana,
      member.rank,
      member.birthDate,
      salt,
      hashPin(member.pin, salt),
      member.homeStoreId,
      member.joinedOn,
      memberAddresses[member.memberId] ?? null,
      // Where one-time codes "go" (secondFactor otp); the sandbox only records them (GET /__dev/one-time-codes).
      `member-${member.memberNumber}@example.com`,
    ],
  );
}

function insertOrder(db: MerchantDatabase, order: OrderSeed): void {
  const delivery = order.storeId === "store_online";
  const orderedAt = new Date(order.orderedAt);
  // Things move on an hour after the order, or a day for the ones that left the shop.
  const settled = order.status === "shipped" || order.status === "delivered" || order.status === "cancelled";
  const statusChangedAt = new Date(orderedAt.getTime() + (order.status === "placed" ? 0 : settled ? 86_400_000 : 3_600_000));
  const tracking = delivery && (order.status === "shipped" || order.status === "delivered") ? seedTracking(order.orderId) : null;
  db.run(
    `INSERT INTO orders (order_id, order_number, member_id, store_id, ordered_at, status, status_changed_at, fulfilment,
       delivery_address, carrier, tracking_number, source_order_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      order.orderId,
      nextNumber(db, "order"),
      order.memberId,
      order.storeId,
      orderedAt.toISOString(),
      order.status,
      statusChangedAt.toISOString(),
      delivery ? "delivery" : "pickup",
      delivery ? (memberAddresses[order.memberId] ?? null) : null,
      tracking?.carrier ?? null,
      tracking?.trackingNumber ?? null,
      order.sourceOrderId ?? null,
    ],
  );
  order.items.forEach(([sku, quantity], index) => {
    const product = productBySku(sku);
    db.run("INSERT INTO order_items (order_id, line_number, product_id, quantity, unit_price_yen) VALUES (?, ?, ?, ?, ?)", [
      order.orderId,
      index + 1,
      product.productId,
      quantity,
      product.priceYen,
    ]);
  });
}

interface SeedLedgerEntry {
  points: number;
  reason: LedgerReason;
  orderId: string | null;
  storeId: string | null;
  note: string | null;
  occurredAt: string;
  expiresOn: string | null;
}

/**
 * Writes a believable ledger: sign-up bonus, points per delivered order (in store or online,
 * expiring a year later), limited-time bonuses, redemptions, adjustments, the expiries due by
 * `now`, and one migration entry from the old paper stamp card that makes the sum equal the
 * documented balance.
 */
function insertPointLedger(db: MerchantDatabase, member: MemberSeed, now: Date): void {
  const at = (time: string) => new Date(time).toISOString();
  const entries: SeedLedgerEntry[] = [
    {
      points: SIGNUP_BONUS_POINTS,
      reason: "signup_bonus",
      orderId: null,
      storeId: null,
      note: "入会ボーナス",
      occurredAt: at(`${member.joinedOn}T10:00:00+09:00`),
      expiresOn: null,
    },
  ];
  const pointsPer100Yen = rankByCode(member.rank).pointsPer100Yen;
  const orderPoints = (order: OrderSeed) => Math.floor(orderTotalYen(order) / 100) * pointsPer100Yen;
  for (const order of orderSeeds) {
    if (order.memberId !== member.memberId || order.status !== "delivered") continue;
    const occurredAt = at(order.orderedAt);
    const expiresOn = addYears(japanDate(occurredAt), PURCHASE_POINTS_VALID_YEARS);
    const points = orderPoints(order);
    if (points > 0)
      entries.push({
        points,
        reason: "purchase",
        orderId: order.orderId,
        storeId: order.storeId,
        note: null,
        occurredAt,
        expiresOn,
      });
  }
  for (const bonus of bonusSeeds) {
    if (bonus.memberId !== member.memberId) continue;
    const order = orderSeeds.find((candidate) => candidate.orderId === bonus.orderId)!;
    entries.push({
      points: orderPoints(order),
      reason: "purchase",
      orderId: order.orderId,
      storeId: order.storeId,
      note: "期間限定ボーナス（ポイント2倍）",
      occurredAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
      expiresOn: addDays(japanDate(now), bonus.expiresInDays),
    });
  }
  for (const redemption of redemptionSeeds) {
    if (redemption.memberId !== member.memberId) continue;
    entries.push({
      points: -redemption.points,
      reason: "redemption",
      orderId: null,
      storeId: redemption.storeId,
      note: redemption.note,
      occurredAt: at(redemption.occurredAt),
      expiresOn: null,
    });
  }
  for (const adjustment of adjustmentSeeds) {
    if (adjustment.memberId !== member.memberId) continue;
    entries.push({
      points: adjustment.points,
      reason: "adjustment",
      orderId: null,
      storeId: null,
      note: adjustment.note,
      occurredAt: at(adjustment.occurredAt),
      expiresOn: null,
    });
  }
  const lots = replayLedger(entries.map((entry, index) => ({ transactionId: index, ...entry })));
  for (const { points, expiresOn } of dueExpiries(lots, japanDate(now))) {
    entries.push({
      points: -points,
      reason: "expiry",
      orderId: null,
      storeId: null,
      note: `${expiresOn} 期限のポイント`,
      occurredAt: expiryInstant(expiresOn),
      expiresOn: null,
    });
  }

  const migrated = member.points - entries.reduce((sum, entry) => sum + entry.points, 0);
  if (migrated < 0)
    throw new Error(`seed data for ${member.memberNumber} earns more than its documented ${member.points} points`);
  if (migrated > 0) {
    // Stamp-card points never expire, so uses take them last.
    entries.unshift({
      points: migrated,
      reason: "migration",
      orderId: null,
      storeId: null,
      note: "旧スタンプカードからの移行",
      occurredAt: at(`${member.joinedOn}T10:00:00+09:00`),
      expiresOn: null,
    });
  }

  for (const entry of entries) {
    db.run(
      `INSERT INTO point_transactions (member_id, points, reason, order_id, store_id, note, occurred_at, expires_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [member.memberId, entry.points, entry.reason, entry.orderId, entry.storeId, entry.note, entry.occurredAt, entry.expiresOn],
    );
  }
}

function insertStaff(db: MerchantDatabase, staff: StaffSeed): void {
  db.run("INSERT INTO staff (staff_id, name, role, line_user_id) VALUES (?, ?, ?, ?)", [
    staff.staffId,
    staff.name,
    staff.role,
    staff.lineUserId,
  ]);
  for (const storeId of staff.storeIds) {
    db.run("INSERT INTO staff_stores (staff_id, store_id) VALUES (?, ?)", [staff.staffId, storeId]);
  }
}

function orderTotalYen(order: OrderSeed): number {
  return order.items.reduce((sum, [sku, quantity]) => sum + productBySku(sku).priceYen * quantity, 0);
}

function productBySku(sku: string): ProductSeed {
  const product = productSeeds.find((candidate) => candidate.sku === sku);
  if (!product) throw new Error(`seed order refers to unknown SKU ${sku}`);
  return product;
}

function rankByCode(code: RankCode): RankSeed {
  const rank = rankSeeds.find((candidate) => candidate.code === code);
  if (!rank) throw new Error(`unknown rank ${code}`);
  return rank;
}

/**
 * Reservations: every shop takes them. 渋谷店 has one service; 吉祥寺店 and 二子玉川店 have
 * two, so the app asks which. 豆選びカウンセリング seats one (the race for the last seat) and is
 * free; 深夜焙煎見学 starts just after midnight (Japan-date boundaries) and shows no price
 * (priceYen null); the others have a price per person. Changes and cancellations
 * close 24 hours before; reminders go at 18:00 the day before and 2 hours before, never
 * between 21:00 and 08:00.
 */
export const reservationServiceSeeds = [
  {
    serviceId: "svc_shibuya_tasting",
    storeId: "store_shibuya",
    name: "テイスティング席",
    durationMinutes: 60,
    capacity: 4,
    maxPartySize: 4,
    priceYen: 1500,
    first: 10 * 60,
    last: 18 * 60,
    interval: 60,
  },
  {
    serviceId: "svc_kichijoji_class",
    storeId: "store_kichijoji",
    name: "ハンドドリップ教室",
    durationMinutes: 90,
    capacity: 6,
    maxPartySize: 2,
    priceYen: 3300,
    first: 11 * 60,
    last: 17 * 60,
    interval: 120,
  },
  {
    serviceId: "svc_kichijoji_tasting",
    storeId: "store_kichijoji",
    name: "テイスティング席",
    durationMinutes: 60,
    capacity: 4,
    maxPartySize: 4,
    priceYen: 1500,
    first: 10 * 60,
    last: 18 * 60,
    interval: 60,
  },
  {
    serviceId: "svc_futako_counseling",
    storeId: "store_futakotamagawa",
    name: "豆選びカウンセリング",
    durationMinutes: 30,
    capacity: 1,
    maxPartySize: 1,
    priceYen: 0,
    first: 10 * 60,
    last: 18 * 60 + 30,
    interval: 30,
  },
  {
    serviceId: "svc_futako_night",
    storeId: "store_futakotamagawa",
    name: "深夜焙煎見学",
    durationMinutes: 60,
    capacity: 2,
    maxPartySize: 2,
    priceYen: null,
    first: 30,
    last: 2 * 60 + 30,
    interval: 60,
  },
] as const;

const storeLocationSeeds = [
  { storeId: "store_shibuya", latitude: 35.6617, longitude: 139.704 },
  { storeId: "store_kichijoji", latitude: 35.7033, longitude: 139.5797 },
  { storeId: "store_futakotamagawa", latitude: 35.6116, longitude: 139.627 },
] as const;

function seedReservations(db: MerchantDatabase): void {
  db.run(
    `INSERT INTO reservation_settings (singleton, cancellation_window_hours, day_before_local_hour, hours_before, quiet_start_hour, quiet_end_hour)
     VALUES (1, 24, 18, 2, 21, 8)`,
  );
  for (const { storeId, latitude, longitude } of storeLocationSeeds) {
    db.run("INSERT INTO store_locations (store_id, latitude, longitude) VALUES (?, ?, ?)", [storeId, latitude, longitude]);
  }
  for (const service of reservationServiceSeeds) {
    db.run(
      `INSERT INTO reservation_services (service_id, store_id, name, duration_minutes, capacity, max_party_size, price_yen,
         first_start_minute, last_start_minute, interval_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        service.serviceId,
        service.storeId,
        service.name,
        service.durationMinutes,
        service.capacity,
        service.maxPartySize,
        service.priceYen,
        service.first,
        service.last,
        service.interval,
      ],
    );
  }
}
