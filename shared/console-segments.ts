import { z } from "zod";
import { IsoDate, LineUserId, MemberNumber, MerchantSegmentFilter } from "./merchant-contract.ts";

// The console's segments and tags: who a campaign or a scenario reaches. A segment is what the
// merchant knows (evaluated by the merchant: evaluateSegment) AND what the BFF knows from LINE.

/** A tag the merchant puts on members: 1 to 32 characters, no control characters. */
export const Tag = z
  .string()
  .trim()
  .min(1, "a tag is 1 to 32 characters")
  .max(32, "a tag is 1 to 32 characters")
  .regex(/^[^\p{Cc}]+$/u, "no control characters");
export type Tag = z.infer<typeof Tag>;

/** Ids the console makes for what it saves (segments, tag rules): URL-safe, at most 64. */
export const ConsoleRecordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -");

const SourceId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "1 to 64 letters, digits, _ . : or -");
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(50);

/** What the BFF knows from LINE; every field optional, all given fields AND-ed. Dates are Japan days. */
export const LineSegmentCriteria = z
  .strictObject({
    /** Linked through the app, registration or the chat account link on this Japan date or later. */
    linkedSince: IsoDate.optional(),
    /** Linked before this Japan date. */
    linkedBefore: IsoDate.optional(),
    /** Last became a friend (followed or unblocked) on this Japan date or later. */
    followedSince: IsoDate.optional(),
    /** Clicked a tracked link of any of these campaigns. */
    clickedCampaignIds: list(SourceId).optional(),
    /** Tapped any of these rich menu areas (their tracked ids). */
    tappedRichMenuAreas: list(SourceId).optional(),
    /** Has every one of these tags. */
    tags: list(Tag).optional(),
    /** Has none of these tags. */
    notTags: list(Tag).optional(),
  })
  .refine((line) => !line.linkedSince || !line.linkedBefore || line.linkedSince < line.linkedBefore, {
    message: "linkedSince must be before linkedBefore",
    path: ["linkedBefore"],
  });
export type LineSegmentCriteria = z.infer<typeof LineSegmentCriteria>;

/** A segment: the merchant's criteria and LINE's, AND-ed; an empty definition is every linked friend. */
export const SegmentDefinition = z.strictObject({
  merchant: MerchantSegmentFilter.optional(),
  line: LineSegmentCriteria.optional(),
});
export type SegmentDefinition = z.infer<typeof SegmentDefinition>;

export const SegmentParams = z.object({ segmentId: ConsoleRecordId });

/** PUT /api/console/segments/:segmentId: create or replace a saved segment. */
export const SaveSegmentRequest = z.strictObject({
  name: z.string().trim().min(1, "a name is required").max(80),
  definition: SegmentDefinition,
});
export type SaveSegmentRequest = z.infer<typeof SaveSegmentRequest>;

export const SavedSegment = z.object({
  segmentId: ConsoleRecordId,
  name: z.string(),
  definition: SegmentDefinition,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});
export type SavedSegment = z.infer<typeof SavedSegment>;

/** GET /api/console/segments: saved segments, most recently updated first. */
export const SegmentListResponse = z.object({ segments: z.array(SavedSegment) });
export type SegmentListResponse = z.infer<typeof SegmentListResponse>;

/** POST /api/console/segments/count: the live count of a definition not saved yet. */
export const SegmentCountRequest = z.strictObject({ definition: SegmentDefinition });
export type SegmentCountRequest = z.infer<typeof SegmentCountRequest>;

/** How many LINE friends a segment reaches; `exact` false: an estimate (very large segments). */
export const SegmentCountResponse = z.object({ count: z.number().int().nonnegative(), exact: z.boolean() });
export type SegmentCountResponse = z.infer<typeof SegmentCountResponse>;

// ── Tags ────────────────────────────────────────────────────────────────────────────────

export const TagSummary = z.object({
  tag: z.string(),
  members: z.number().int().nonnegative(),
  /** Of those, tagged by hand (the rest by a rule). */
  manual: z.number().int().nonnegative(),
});
export type TagSummary = z.infer<typeof TagSummary>;

/** GET /api/console/tags: every tag in use with how many LINE users carry it, most used first. */
export const TagListResponse = z.object({ tags: z.array(TagSummary) });
export type TagListResponse = z.infer<typeof TagListResponse>;

/** Who to tag or untag: LINE users, members by the number on their card, or a segment's members. */
export const TagTarget = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("lineUserIds"), lineUserIds: z.array(LineUserId).min(1).max(1000) }),
  z.strictObject({ kind: z.literal("memberNumbers"), memberNumbers: z.array(MemberNumber).min(1).max(50) }),
  z.strictObject({ kind: z.literal("segment"), definition: SegmentDefinition }),
  z.strictObject({ kind: z.literal("savedSegment"), segmentId: ConsoleRecordId }),
]);
export type TagTarget = z.infer<typeof TagTarget>;

/** POST /api/console/tags/add: tagging twice is harmless. */
export const AddTagRequest = z.strictObject({ tag: Tag, target: TagTarget });
export type AddTagRequest = z.infer<typeof AddTagRequest>;
export const AddTagResponse = z.object({
  /** Newly tagged LINE users (already tagged ones are not counted again). */
  tagged: z.number().int().nonnegative(),
  /** LINE users the target named. */
  matched: z.number().int().nonnegative(),
  /** Member numbers with no member, or whose member is not linked to LINE. */
  notFound: z.array(z.string()),
});
export type AddTagResponse = z.infer<typeof AddTagResponse>;

/** POST /api/console/tags/remove: without a target, the tag comes off everyone. */
export const RemoveTagRequest = z.strictObject({
  tag: Tag,
  target: TagTarget.optional(),
});
export type RemoveTagRequest = z.infer<typeof RemoveTagRequest>;
export const RemoveTagResponse = z.object({ removed: z.number().int().nonnegative(), notFound: z.array(z.string()) });
export type RemoveTagResponse = z.infer<typeof RemoveTagResponse>;

export const TagRuleParams = z.object({ ruleId: ConsoleRecordId });

/** PUT /api/console/tags/rules/:ruleId: members of the segment get the tag when the rule is applied (and daily). */
export const SaveTagRuleRequest = z.strictObject({ tag: Tag, definition: SegmentDefinition });
export type SaveTagRuleRequest = z.infer<typeof SaveTagRuleRequest>;

export const TagRule = z.object({
  ruleId: ConsoleRecordId,
  tag: z.string(),
  definition: SegmentDefinition,
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
  lastAppliedAt: z.iso.datetime().nullable(),
  /** LINE users the last application newly tagged. */
  lastTagged: z.number().int().nonnegative().nullable(),
});
export type TagRule = z.infer<typeof TagRule>;

export const TagRuleListResponse = z.object({ rules: z.array(TagRule) });
export type TagRuleListResponse = z.infer<typeof TagRuleListResponse>;

/** POST /api/console/tags/rules/:ruleId/apply: applying twice tags nobody twice. */
export const ApplyTagRuleResponse = z.object({
  tagged: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
});
export type ApplyTagRuleResponse = z.infer<typeof ApplyTagRuleResponse>;
