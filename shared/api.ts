import { z } from "zod";
import { MemberSummary, StaffRecord } from "./merchant-contract.ts";

// Schemas of the BFF's own API, the one the LIFF app calls through the typed client.

export const HealthResponse = z.object({ status: z.literal("ok"), time: z.iso.datetime() });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** What the signed-in LINE user is to this merchant. */
export const MeResponse = z.object({
  profile: z.object({
    // LINE MINI Apps may grant only `openid` at first, so both can be missing.
    displayName: z.string().nullable(),
    pictureUrl: z.string().nullable(),
  }),
  link: z.discriminatedUnion("status", [
    z.object({ status: z.literal("linked"), member: MemberSummary.omit({ memberId: true }) }),
    z.object({ status: z.literal("unlinked") }),
  ]),
  staff: StaffRecord.omit({ staffId: true }).nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;
