import { readFile } from "node:fs/promises";
import { z } from "zod";
import {
  CouponDefinitionId,
  FulfilmentRequest,
  LineUserId,
  MemberId,
  MemberNumber,
  ProductId,
  ServiceId,
  StoreId,
} from "../shared/merchant-contract.ts";

// The fixtures file names what the suite may use on the merchant under test. Writes go only to
// the members listed here (and to the member of `events.linkMember`): points are awarded and
// voided, a check-in made and voided, an order placed, a coupon granted, used and given back,
// reservations booked and cancelled.

const FixtureMember = z.strictObject({
  memberId: MemberId,
  memberNumber: MemberNumber.optional().describe("For getMemberByNumber"),
  lineUserId: LineUserId.optional().describe("The LINE user this member is linked to, for the line-link checks"),
});

export const Fixtures = z.strictObject({
  members: z
    .array(FixtureMember)
    .min(2)
    .max(4)
    .describe("Two or more members: the first is written to; the second is the other member of the authorization checks"),
  staff: z.strictObject({
    staffId: z.string().min(1).max(64),
    storeId: StoreId.describe("A store this staff member acts for (points, check-ins, coupon redemptions)"),
    lineUserId: LineUserId.optional().describe("The staff member's LINE user, for getStaffByLineUser"),
  }),
  order: z
    .strictObject({
      productId: ProductId.describe("An available product: the suite orders one"),
      fulfilment: FulfilmentRequest,
    })
    .optional(),
  reservation: z
    .strictObject({
      storeId: StoreId,
      serviceId: ServiceId.describe("A service whose empty slots the suite books (capacity check included) and cancels"),
    })
    .optional(),
  coupon: z
    .strictObject({ couponDefinitionId: CouponDefinitionId.describe("A catalogue coupon the suite grants, uses and voids") })
    .optional(),
  events: z
    .strictObject({
      linkMember: z
        .strictObject({ memberId: MemberId, lineUserId: LineUserId })
        .optional()
        .describe("A member not linked to LINE yet, and a LINE user: linking them is the event trigger (then unlinked)"),
    })
    .optional(),
  readOnly: z.boolean().optional().describe("True: member reads and authorization reads only, no writes"),
});
export type Fixtures = z.infer<typeof Fixtures>;

export async function loadFixtures(file: string): Promise<Fixtures> {
  const parsed = Fixtures.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`${file} is not a valid fixtures file: ${issues}`);
  }
  return parsed.data;
}

/** The members the suite writes to, in the order it says so. */
export function membersWrittenTo(fixtures: Fixtures | undefined): string[] {
  if (!fixtures || fixtures.readOnly) return [];
  const ids = fixtures.members.map((member) => member.memberId);
  if (fixtures.events?.linkMember) ids.push(fixtures.events.linkMember.memberId);
  return [...new Set(ids)];
}
