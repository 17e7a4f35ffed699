import type { SegmentDefinition } from "../../../../shared/console-segments.ts";
import { ApiError } from "../../../lib/api-client.ts";

// The builder's form as the inputs hold it (text, checked months) and its translation to and
// from a SegmentDefinition. The BFF validates the definition; its 400 issues name the fields.

export const LIST_FIELDS = [
  "rankCodes",
  "purchasedProductIds",
  "purchasedCategories",
  "favouriteStoreIds",
  "clickedCampaignIds",
  "tappedRichMenuAreas",
  "tags",
  "notTags",
] as const;
export const DATE_FIELDS = ["lastPurchaseAfter", "lastPurchaseBefore", "linkedSince", "linkedBefore", "followedSince"] as const;

type ListField = (typeof LIST_FIELDS)[number];
type DateField = (typeof DATE_FIELDS)[number];

export type SegmentForm = Record<ListField | DateField | "name" | "pointsMin" | "pointsMax", string> & { birthMonths: number[] };
export type SegmentField = keyof SegmentForm;

export const emptySegmentForm = (): SegmentForm => ({
  name: "",
  rankCodes: "",
  birthMonths: [],
  lastPurchaseAfter: "",
  lastPurchaseBefore: "",
  purchasedProductIds: "",
  purchasedCategories: "",
  favouriteStoreIds: "",
  pointsMin: "",
  pointsMax: "",
  linkedSince: "",
  linkedBefore: "",
  followedSince: "",
  clickedCampaignIds: "",
  tappedRichMenuAreas: "",
  tags: "",
  notTags: "",
});

/** "gold、silver, bronze" → ["gold", "silver", "bronze"]; nothing → undefined (no condition). */
function listOf(text: string): string[] | undefined {
  const items = text
    .split(/[,、，\n]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return items.length > 0 ? [...new Set(items)] : undefined;
}

const dateOf = (text: string) => (text === "" ? undefined : text);
const pointsOf = (text: string) => (text.trim() === "" ? undefined : Number(text));

function withoutEmpty<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

/** The definition the form describes; fields left empty are no condition. */
export function definitionOf(form: SegmentForm): SegmentDefinition {
  const merchant = withoutEmpty({
    rankCodes: listOf(form.rankCodes),
    birthMonths: form.birthMonths.length > 0 ? [...form.birthMonths].sort((a, b) => a - b) : undefined,
    lastPurchaseAfter: dateOf(form.lastPurchaseAfter),
    lastPurchaseBefore: dateOf(form.lastPurchaseBefore),
    purchasedProductIds: listOf(form.purchasedProductIds),
    purchasedCategories: listOf(form.purchasedCategories),
    favouriteStoreIds: listOf(form.favouriteStoreIds),
    pointsMin: pointsOf(form.pointsMin),
    pointsMax: pointsOf(form.pointsMax),
  });
  const line = withoutEmpty({
    linkedSince: dateOf(form.linkedSince),
    linkedBefore: dateOf(form.linkedBefore),
    followedSince: dateOf(form.followedSince),
    clickedCampaignIds: listOf(form.clickedCampaignIds),
    tappedRichMenuAreas: listOf(form.tappedRichMenuAreas),
    tags: listOf(form.tags),
    notTags: listOf(form.notTags),
  });
  return { ...(merchant ? { merchant } : {}), ...(line ? { line } : {}) };
}

/** The form showing a saved segment. */
export function formOf(name: string, definition: SegmentDefinition): SegmentForm {
  const { merchant = {}, line = {} } = definition;
  const join = (items: readonly string[] | undefined) => (items ?? []).join(", ");
  return {
    name,
    rankCodes: join(merchant.rankCodes),
    birthMonths: merchant.birthMonths ?? [],
    lastPurchaseAfter: merchant.lastPurchaseAfter ?? "",
    lastPurchaseBefore: merchant.lastPurchaseBefore ?? "",
    purchasedProductIds: join(merchant.purchasedProductIds),
    purchasedCategories: join(merchant.purchasedCategories),
    favouriteStoreIds: join(merchant.favouriteStoreIds),
    pointsMin: merchant.pointsMin === undefined ? "" : String(merchant.pointsMin),
    pointsMax: merchant.pointsMax === undefined ? "" : String(merchant.pointsMax),
    linkedSince: line.linkedSince ?? "",
    linkedBefore: line.linkedBefore ?? "",
    followedSince: line.followedSince ?? "",
    clickedCampaignIds: join(line.clickedCampaignIds),
    tappedRichMenuAreas: join(line.tappedRichMenuAreas),
    tags: join(line.tags),
    notTags: join(line.notTags),
  };
}

const FORM_FIELDS = new Set<string>(["name", "birthMonths", "pointsMin", "pointsMax", ...LIST_FIELDS, ...DATE_FIELDS]);

/**
 * The form fields a 400 from the BFF finds fault with: its issues' paths are
 * `definition.merchant.<field>…`, `definition.line.<field>…` or `name`.
 */
export function invalidFields(error: unknown): Set<SegmentField> {
  const fields = new Set<SegmentField>();
  if (!(error instanceof ApiError) || error.status !== 400) return fields;
  for (const issue of error.body?.error.issues ?? []) {
    const parts = issue.path.split(".");
    const field = parts[0] === "definition" ? parts[2] : parts[0];
    if (field !== undefined && FORM_FIELDS.has(field)) fields.add(field as SegmentField);
  }
  return fields;
}
