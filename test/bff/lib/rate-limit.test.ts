import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FAILURE_BUDGETS, failureSubject, reserveFailure } from "../../../bff/lib/rate-limit.ts";

const start = 1_800_000_000;

describe("failure budgets", () => {
  it("give one attacker 10 wrong PINs a day at one member, not 480: the day's limit outlasts every short window", async () => {
    const user = await failureSubject("link-user", crypto.randomUUID());
    const member = await failureSubject("link-member", crypto.randomUUID());
    let answered = 0;
    // Up to five tries in every 15-minute window for 24 hours, until one is refused.
    for (let window = 0; window < 96; window++) {
      for (let i = 0; i < 5; i++) {
        const now = start + window * 15 * 60 + i;
        const byUser = await reserveFailure(env.DB, user, FAILURE_BUDGETS.link, now);
        if (!byUser.allowed) break;
        const byMember = await reserveFailure(env.DB, member, FAILURE_BUDGETS.link, now);
        if (!byMember.allowed) {
          await byUser.refund();
          break;
        }
        answered++;
      }
    }
    expect(answered).toBe(10);
  });

  it("say the day's limit was reached once a subject is refused for the day, until the day ends", async () => {
    const member = await failureSubject("link-member", crypto.randomUUID());
    for (let i = 0; i < 10; i++) {
      const claim = await reserveFailure(env.DB, member, FAILURE_BUDGETS.link, start + i * 16 * 60);
      expect(claim.allowed).toBe(true);
    }
    const locked = await reserveFailure(env.DB, member, FAILURE_BUDGETS.link, start + 11 * 16 * 60);
    expect(locked).toMatchObject({ allowed: false, dayLimitReached: true });
    const nextDay = await reserveFailure(env.DB, member, FAILURE_BUDGETS.link, start + 24 * 60 * 60);
    expect(nextDay.allowed).toBe(true);
  });

  it("hand a unit back when the try succeeded, so successes never pause anyone", async () => {
    const subject = await failureSubject("link-user", crypto.randomUUID());
    const allowed: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const claim = await reserveFailure(env.DB, subject, FAILURE_BUDGETS.link, start + i);
      allowed.push(claim.allowed);
      if (claim.allowed) await claim.refund();
    }
    expect(allowed).toEqual(Array(20).fill(true));
  });
});
