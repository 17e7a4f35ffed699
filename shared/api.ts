import { z } from "zod";
import {
  AuthenticateMemberRequest,
  LinkSettings,
  MemberProfileInput,
  MemberSummary,
  RegisterMemberRequest,
  StaffRecord,
} from "./merchant-contract.ts";

// Schemas of the BFF's own API, the one the LIFF app calls through the typed client.

export const HealthResponse = z.object({ status: z.literal("ok"), time: z.iso.datetime() });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** The link status as the app shows it: the member's summary when linked. */
export const LinkStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("linked"), member: MemberSummary.omit({ memberId: true }) }),
  z.object({ status: z.literal("unlinked") }),
]);
export type LinkStatus = z.infer<typeof LinkStatus>;

/** What the signed-in LINE user is to this merchant. */
export const MeResponse = z.object({
  profile: z.object({
    // LINE MINI Apps may grant only `openid` at first, so both can be missing.
    displayName: z.string().nullable(),
    pictureUrl: z.string().nullable(),
  }),
  link: LinkStatus,
  staff: StaffRecord.omit({ staffId: true }).nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** What the linking form needs to know: which second factor the merchant asks for. */
export const LinkSettingsResponse = LinkSettings;
export type LinkSettingsResponse = z.infer<typeof LinkSettingsResponse>;

/** POST /api/link: the member number and the second factor, exactly as the merchant checks them. */
export const LinkRequest = AuthenticateMemberRequest;
export type LinkRequest = z.infer<typeof LinkRequest>;

/** The link status after linking, unlinking or registering. */
export const LinkResponse = z.object({ link: LinkStatus });
export type LinkResponse = z.infer<typeof LinkResponse>;

/** POST /api/members: a new membership for the signed-in LINE user, only the fields they chose to give. */
export const RegisterRequest = RegisterMemberRequest.omit({ lineUserId: true });
export type RegisterRequest = z.infer<typeof RegisterRequest>;
export { MemberProfileInput };
