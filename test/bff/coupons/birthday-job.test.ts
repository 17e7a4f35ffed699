import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { runBirthdayCouponJob } from "../../../bff/coupons/birthday-job.ts";
import { createOutbox, deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { MemberCouponList } from "../../../shared/merchant-contract.ts";
import { drainDeliveries, recordingQueue } from "../delivery/drain.ts";
import { freshLineUserId, linkForThisFile, merchantApi } from "../helpers.ts";
import { flatten, lineCalls } from "../webhook/helpers.ts";

// 山本 蓮 (1000-0012, born 11 February) is linked to a LINE user of this file's own: the only
// linked member born in February, so February's passes are his alone.
const member = { lineUserId: freshLineUserId(), memberId: "mem_0012", token: "" };
linkForThisFile(member);

function job(now: string) {
  const log = createLogger(`test-${crypto.randomUUID()}`);
  const merchant = createMerchantClient({
    baseUrl: inject("merchantUrl"),
    apiKey: inject("merchantApiKey"),
    timeoutMs: 5000,
    requestId: crypto.randomUUID(),
    log,
  });
  return runBirthdayCouponJob({
    db: env.DB,
    merchant,
    outbox: createOutbox({ db: env.DB, queue: recordingQueue, log, off: new Set() }),
    liffId: `${inject("liffChannelId")}-devmock`,
    log,
    now: Date.parse(now),
  });
}

/** The pushes LINE got with a coupon's message (its retry key), delivered or not. */
async function couponMessagePushes(couponId: string) {
  const retryKey = await deliveryRetryKey(`coupon:${couponId}:granted`);
  return (await lineCalls()).filter((call) => call.path === "/v2/bot/message/push" && call.retryKey === retryKey);
}

async function birthdayCoupons() {
  const response = await merchantApi(`/v1/members/${member.memberId}/coupons`);
  return MemberCouponList.parse(await response.json()).coupons.filter((coupon) => coupon.kind === "birthday");
}

describe("the birthday coupon job", () => {
  it("grants a linked member born this month one birthday coupon a year, and one message for it, across overlapping runs on the 1st", async () => {
    expect(await job("2027-02-02T09:00:00+09:00")).toEqual({ ran: false, reason: "not_the_first" });
    // The 1st in Japan, still 31 January in UTC: two ticks at once.
    const [first, second] = await Promise.all([job("2027-02-01T00:05:00+09:00"), job("2027-02-01T00:05:00+09:00")]);
    expect(first).toMatchObject({ ran: true, month: "2027-02", finished: true });
    expect(second).toMatchObject({ ran: true, month: "2027-02", finished: true });
    expect(await birthdayCoupons()).toHaveLength(1);
    // Later ticks of the day skip the finished pass.
    expect(await job("2027-02-01T00:10:00+09:00")).toEqual({ ran: false, reason: "done" });
    expect(await birthdayCoupons()).toHaveLength(1);
    // A pass that did not record its end (the Worker died) runs again and grants nothing new.
    await env.DB.prepare("DELETE FROM coupon_job_runs WHERE period = '2027-02'").run();
    expect(await job("2027-02-01T12:00:00+09:00")).toMatchObject({ ran: true, finished: true });
    expect(await birthdayCoupons()).toHaveLength(1);
    // One message for the one coupon, held until 10:00 in Japan rather than sent at midnight.
    const [coupon] = await birthdayCoupons();
    await drainDeliveries({}, Date.parse("2027-02-01T09:30:00+09:00"));
    expect(await couponMessagePushes(coupon!.couponId)).toEqual([]);
    await drainDeliveries({}, Date.parse("2027-02-01T10:00:00+09:00"));
    const pushes = await couponMessagePushes(coupon!.couponId);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ delivered: true, body: { to: member.lineUserId } });
    const { texts, actions } = flatten(pushes[0]!.body?.messages);
    expect(texts).toEqual(
      expect.arrayContaining(["お誕生月おめでとうございます", "お誕生月 ケーキプレゼント", "お好きなケーキ1個 無料"]),
    );
    expect(actions[0]?.uri).toMatch(new RegExp(`/coupons/${coupon!.couponId}$`));
    // The next year's birthday brings the next coupon.
    await job("2028-02-01T00:05:00+09:00");
    const coupons = await birthdayCoupons();
    expect(coupons).toHaveLength(2);
    expect(coupons.every((coupon) => coupon.status === "available")).toBe(true);
  });

  it("grants nothing to members born in another month", async () => {
    const before = (await birthdayCoupons()).length;
    expect(await job("2027-03-01T00:05:00+09:00")).toMatchObject({ ran: true, month: "2027-03" });
    expect(await birthdayCoupons()).toHaveLength(before);
  });
});
