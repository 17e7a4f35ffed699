import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import { CheckIn, MemberSummary, PointAwardPreview, PointTransaction, StaffActionVoid } from "../../shared/merchant-contract.ts";
import { parseContractAnswer, type MerchantOperationId } from "./merchant-contract-answers.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

// 山田 太郎 (mem_0001, gold: 3 points per ¥100), served by 鈴木 一郎 (stf_001) at 渋谷店.
const MEMBER = "mem_0001";
const byStaff = { storeId: "store_shibuya", staffId: "stf_001" };

const merchant = sandboxMerchantPerTest();

afterEach(() => {
  vi.useRealTimers();
});

async function call(operationId: MerchantOperationId, path: string, body?: unknown, key: string = crypto.randomUUID()) {
  const response = await fetch(`${merchant.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await parseContractAnswer(operationId, response) };
}

const voidAction = (actionId: string, request = byStaff, key?: string) =>
  call("voidStaffAction", `/v1/members/${MEMBER}/staff-actions/${actionId}/void`, request, key);

async function balance() {
  return MemberSummary.parse((await call("getMemberSummary", `/v1/members/${MEMBER}/summary`)).body).points.balance;
}

async function award(purchaseAmountYen: number) {
  const { body } = await call("createPointTransaction", `/v1/members/${MEMBER}/point-transactions`, {
    kind: "award",
    purchaseAmountYen,
    ...byStaff,
  });
  return PointTransaction.parse(body);
}

describe("sandbox merchant › voidStaffAction", () => {
  it("takes an award's points back once, however often it is voided, and answers the first void each time", async () => {
    const before = await balance();
    const awarded = await award(1200);
    expect(awarded.points).toBe(36);
    const first = await voidAction(awarded.transactionId);
    expect(first.status).toBe(200);
    expect(StaffActionVoid.parse(first.body)).toMatchObject({ kind: "award", points: -36, balance: before });
    const again = await voidAction(awarded.transactionId);
    expect(again.body).toEqual(first.body);
    expect(await balance()).toBe(before);
  });

  it("gives a redemption's points back and voids a check-in and an award of 0 points", async () => {
    const before = await balance();
    const { body } = await call("createPointTransaction", `/v1/members/${MEMBER}/point-transactions`, {
      kind: "redeem",
      points: 100,
      ...byStaff,
    });
    const redeemed = PointTransaction.parse(body);
    expect(StaffActionVoid.parse((await voidAction(redeemed.transactionId)).body).points).toBe(100);
    expect(await balance()).toBe(before);

    const checkIn = CheckIn.parse((await call("createCheckIn", `/v1/members/${MEMBER}/check-ins`, byStaff)).body);
    expect(StaffActionVoid.parse((await voidAction(checkIn.checkInId)).body)).toMatchObject({ kind: "check_in", points: 0 });
    const nothing = await award(50);
    expect((await voidAction(nothing.transactionId)).status).toBe(200);
  });

  it("refuses another staff member or another store with 403, and changes nothing", async () => {
    const before = await balance();
    const awarded = await award(1000);
    for (const request of [
      { ...byStaff, staffId: "stf_002" },
      { ...byStaff, storeId: "store_kichijoji" },
    ]) {
      const refused = await voidAction(awarded.transactionId, request);
      expect(refused.status).toBe(403);
      expect(ErrorBody.parse(refused.body).error.code).toBe("forbidden");
    }
    expect(await balance()).toBe(before + 30);
  });

  it("refuses after 10 minutes, and an award whose points the member has used", async () => {
    const awarded = await award(1000);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 + 1000 });
    const late = await voidAction(awarded.transactionId);
    expect(late.status).toBe(422);
    expect(ErrorBody.parse(late.body).error.code).toBe("void_window_closed");
    vi.useRealTimers();

    const spent = await award(1000);
    const all = await balance();
    await call("createPointTransaction", `/v1/members/${MEMBER}/point-transactions`, { kind: "redeem", points: all, ...byStaff });
    const refused = await voidAction(spent.transactionId);
    expect(refused.status).toBe(422);
    expect(ErrorBody.parse(refused.body).error.code).toBe("insufficient_points");
  });

  it("answers 404 for an action of another member or one it never made, and needs an idempotency key", async () => {
    const awarded = await award(1000);
    const elsewhere = await call("voidStaffAction", `/v1/members/mem_0002/staff-actions/${awarded.transactionId}/void`, byStaff);
    expect(elsewhere.status).toBe(404);
    expect((await voidAction("pt_999999")).status).toBe(404);
    const keyless = await fetch(`${merchant.url}/v1/members/${MEMBER}/staff-actions/${awarded.transactionId}/void`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(byStaff),
    });
    expect(keyless.status).toBe(400);
  });
});

describe("sandbox merchant › previewPointAward", () => {
  it("tells what an award would give at the member's rank rate, and awards nothing", async () => {
    const before = await balance();
    const { status, body } = await call("previewPointAward", `/v1/members/${MEMBER}/point-awards/preview`, {
      purchaseAmountYen: 1250,
      storeId: "store_shibuya",
    });
    expect(status).toBe(200);
    expect(PointAwardPreview.parse(body).points).toBe(36);
    expect(await balance()).toBe(before);
    const unknown = await call("previewPointAward", "/v1/members/mem_9999/point-awards/preview", {
      purchaseAmountYen: 1250,
      storeId: "store_shibuya",
    });
    expect(unknown.status).toBe(404);
  });
});
