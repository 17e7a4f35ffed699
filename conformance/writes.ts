import { isDeepStrictEqual } from "node:util";
import {
  OrderPage,
  PointsBalance,
  Reservation,
  ReservationSettings,
  ReservationSlotList,
  type CheckIn,
  type CouponRedemption,
  type LineLink,
  type MemberCoupon,
  type OrderDetail,
  type PointTransaction,
  type StaffActionVoid,
} from "../shared/merchant-contract.ts";
import { newIdempotencyKey, type Answer } from "./client.ts";
import type { OperationId } from "./contract.ts";
import { firstMember, okBody, japanDate, secondMember, type SuiteContext } from "./context.ts";
import type { Fixtures } from "./fixtures.ts";
import { abbreviate } from "./report.ts";

// Writes, to the fixture members only: each idempotent write is sent, replayed with the same
// key and body (the first answer again, nothing done twice) and sent with the same key and
// another body (422 idempotency_conflict). Capacity: more concurrent bookings than seats.

const CONFLICT = { status: 422, code: "idempotency_conflict" } as const;
const NOT_FOUND = { status: 404, code: "not_found" } as const;
const OTHER_STAFF = "conformance-other-staff";

interface IdempotentWrite {
  params: Record<string, string>;
  body?: unknown;
  /** Another body for the same key: 422 expected. Omitted for operations without a body. */
  otherBody?: unknown;
  status: number;
}

/** Sends a write, replays it and tries the key with another body; the first answer's body, or undefined. */
async function idempotentWrite<T>(ctx: SuiteContext, operationId: OperationId, write: IdempotentWrite): Promise<T | undefined> {
  const { client, record } = ctx;
  const idempotencyKey = newIdempotencyKey();
  const first = await client.call(operationId, { params: write.params, body: write.body, idempotencyKey });
  if (record.answer("happy path", first, { status: write.status }) === undefined) return undefined;
  const replay = await client.call(operationId, { params: write.params, body: write.body, idempotencyKey });
  record.expect(
    operationId,
    "idempotency replay (same key, same body)",
    replay.status === first.status && isDeepStrictEqual(replay.body, first.body),
    `${first.status} with the first answer's body again`,
    `${replay.status} ${abbreviate(replay.text)}`,
  );
  if (write.otherBody !== undefined) {
    const conflict = await client.call(operationId, { params: write.params, body: write.otherBody, idempotencyKey });
    record.answer("idempotency conflict (same key, other body)", conflict, CONFLICT);
  }
  return first.body as T;
}

async function balanceOf(ctx: SuiteContext, memberId: string): Promise<number | null> {
  const answer = await ctx.client.call("getPoints", { params: { memberId } });
  return okBody(answer, PointsBalance)?.balance ?? null;
}

/** Points and check-ins at the register, and voiding them (which also puts the balance back). */
export async function runRegisterWrites(ctx: SuiteContext, fixtures: Fixtures): Promise<void> {
  const { client, record } = ctx;
  const memberId = firstMember(fixtures).memberId;
  const other = secondMember(fixtures).memberId;
  const { storeId, staffId } = fixtures.staff;
  const params = { memberId };

  if (ctx.wants("createPointTransaction", "voidStaffAction")) {
    const before = await balanceOf(ctx, memberId);
    const award = { kind: "award", purchaseAmountYen: 1000, storeId, staffId };
    const transaction = await idempotentWrite<PointTransaction>(ctx, "createPointTransaction", {
      params,
      body: award,
      otherBody: { ...award, purchaseAmountYen: 2000 },
      status: 201,
    });
    if (transaction && before !== null) {
      const after = await balanceOf(ctx, memberId);
      record.expect(
        "createPointTransaction",
        "idempotency: the award counted once",
        after === before + transaction.points && transaction.balance === after,
        `balance ${before} + ${transaction.points} = ${before + transaction.points}`,
        `balance ${after} (answer said ${transaction.balance})`,
      );
      ctx.memberA.staffActionIds.push(transaction.transactionId);
      if (after !== null && after < 1_000_000) {
        const redeem = { kind: "redeem", points: after + 1, storeId, staffId };
        const refused = await client.call("createPointTransaction", {
          params,
          body: redeem,
          idempotencyKey: newIdempotencyKey(),
        });
        record.answer("422 when redeeming more than the balance", refused, { status: 422, code: "insufficient_points" });
      }
      // Another member cannot void it.
      const asOther = await client.call("voidStaffAction", {
        params: { memberId: other, actionId: transaction.transactionId },
        body: { storeId, staffId },
        idempotencyKey: newIdempotencyKey(),
      });
      record.answer("authorization: another member's action is 404", asOther, NOT_FOUND);
      const beforeVoid = await balanceOf(ctx, memberId);
      const voided = await idempotentWrite<StaffActionVoid>(ctx, "voidStaffAction", {
        params: { memberId, actionId: transaction.transactionId },
        body: { storeId, staffId },
        otherBody: { storeId, staffId: OTHER_STAFF },
        status: 200,
      });
      if (voided && beforeVoid !== null) {
        const expected = beforeVoid - transaction.points;
        record.expect(
          "voidStaffAction",
          "takes the award's points back",
          voided.balance === expected,
          `balance ${expected}`,
          `balance ${voided.balance}`,
        );
      }
    }
  }

  if (ctx.wants("createCheckIn", "voidStaffAction")) {
    const checkIn = await idempotentWrite<CheckIn>(ctx, "createCheckIn", {
      params,
      body: { storeId, staffId },
      otherBody: { storeId, staffId: OTHER_STAFF },
      status: 201,
    });
    if (checkIn) {
      const answer = await client.call("voidStaffAction", {
        params: { memberId, actionId: checkIn.checkInId },
        body: { storeId, staffId },
        idempotencyKey: newIdempotencyKey(),
      });
      const voided = ctx.record.answer("voids a check-in", answer, { status: 200 }) as StaffActionVoid | undefined;
      if (voided)
        record.expect(
          "voidStaffAction",
          "a voided check-in moves no points",
          voided.points === 0,
          "points 0",
          `points ${voided.points}`,
        );
    }
  }
}

/** An order for the first member; another member cannot reorder the first member's order. */
export async function runOrderWrites(ctx: SuiteContext, fixtures: Fixtures): Promise<void> {
  if (!ctx.wants("createOrder")) return;
  const { client, record } = ctx;
  if (!fixtures.order) {
    record.skip("createOrder", "happy path", "the fixtures name no order product");
    return;
  }
  const memberId = firstMember(fixtures).memberId;
  const before = await listOrderIds(ctx, memberId);
  const request = { items: [{ productId: fixtures.order.productId, quantity: 1 }], fulfilment: fixtures.order.fulfilment };
  const order = await idempotentWrite<OrderDetail>(ctx, "createOrder", {
    params: { memberId },
    body: request,
    otherBody: { ...request, items: [{ productId: fixtures.order.productId, quantity: 2 }] },
    status: 201,
  });
  if (order) {
    record.expect("createOrder", "answers an order of the member", order.memberId === memberId, memberId, order.memberId);
    const after = await listOrderIds(ctx, memberId);
    const added = after.filter((id) => !before.includes(id));
    record.expect(
      "createOrder",
      "idempotency: one order placed",
      added.length === 1 && added[0] === order.orderId,
      `one new order, ${order.orderId}`,
      `${added.length} new: ${added.join(", ") || "none"}`,
    );
    ctx.memberA.orderIds.unshift(order.orderId);
  }
  const sourceOrderId = ctx.memberA.orderIds[0];
  if (sourceOrderId !== undefined) {
    const asOther = await client.call("createOrder", {
      params: { memberId: secondMember(fixtures).memberId },
      body: { ...request, sourceOrderId },
      idempotencyKey: newIdempotencyKey(),
    });
    record.answer("authorization: reordering another member's order is 404", asOther, NOT_FOUND);
  }
}

async function listOrderIds(ctx: SuiteContext, memberId: string): Promise<string[]> {
  const answer = await ctx.client.call("listOrders", { params: { memberId }, query: { limit: 100 } });
  return okBody(answer, OrderPage)?.orders.map((order) => order.orderId) ?? [];
}

/** A coupon granted, used and given back; another member can neither read nor use it. */
export async function runCouponWrites(ctx: SuiteContext, fixtures: Fixtures): Promise<void> {
  if (!ctx.wants("grantCoupon", "redeemCoupon", "voidCouponRedemption")) return;
  const { client, record } = ctx;
  if (!fixtures.coupon) {
    record.skip("grantCoupon", "happy path", "the fixtures name no coupon definition");
    return;
  }
  const memberId = firstMember(fixtures).memberId;
  const other = secondMember(fixtures).memberId;
  const grant = { couponDefinitionId: fixtures.coupon.couponDefinitionId, grantKey: `conformance:${ctx.runId}` };
  const coupon = await idempotentWrite<MemberCoupon>(ctx, "grantCoupon", {
    params: { memberId },
    body: grant,
    otherBody: { ...grant, grantKey: `conformance:${ctx.runId}:other` },
    status: 201,
  });
  if (!coupon) return;
  ctx.memberA.couponIds.unshift(coupon.couponId);
  const again = await client.call("grantCoupon", { params: { memberId }, body: grant, idempotencyKey: newIdempotencyKey() });
  const regranted = record.answer("the same grantKey again is 200, nothing new", again, { status: 200 }) as
    MemberCoupon | undefined;
  if (regranted) {
    record.expect(
      "grantCoupon",
      "the same grantKey answers the coupon granted then",
      regranted.couponId === coupon.couponId,
      coupon.couponId,
      regranted.couponId,
    );
  }

  const { staffId } = fixtures.staff;
  const storeId = coupon.stores.some((store) => store.storeId === fixtures.staff.storeId)
    ? fixtures.staff.storeId
    : coupon.stores[0]?.storeId;
  if (storeId === undefined) {
    record.skip("redeemCoupon", "happy path", "the granted coupon names no store");
    return;
  }
  const params = { memberId, couponId: coupon.couponId };
  const asOther = await client.call("redeemCoupon", {
    params: { memberId: other, couponId: coupon.couponId },
    body: { storeId, staffId },
    idempotencyKey: newIdempotencyKey(),
  });
  record.answer("authorization: another member's coupon is 404", asOther, NOT_FOUND);
  const redemption = await idempotentWrite<CouponRedemption>(ctx, "redeemCoupon", {
    params,
    body: { storeId, staffId },
    otherBody: { storeId, staffId: OTHER_STAFF },
    status: 201,
  });
  if (!redemption) return;
  if (redemption.coupon.usesLeft === 0) {
    const used = await client.call("redeemCoupon", { params, body: { storeId, staffId }, idempotencyKey: newIdempotencyKey() });
    record.answer("409 when no use is left", used, { status: 409, code: "coupon_used" });
  }
  if (ctx.wants("voidCouponRedemption")) {
    const voidParams = { ...params, redemptionId: redemption.redemptionId };
    const voided = record.answer("happy path", await client.call("voidCouponRedemption", { params: voidParams }), {
      status: 200,
    });
    if (voided) {
      const usesLeft = (voided as CouponRedemption).coupon.usesLeft;
      record.expect(
        "voidCouponRedemption",
        "gives the use back",
        usesLeft === redemption.coupon.usesLeft + 1,
        `usesLeft ${redemption.coupon.usesLeft + 1}`,
        `usesLeft ${usesLeft}`,
      );
    }
    const twice = await client.call("voidCouponRedemption", { params: voidParams });
    const again = record.answer("voiding twice is harmless", twice, { status: 200 }) as CouponRedemption | undefined;
    if (again) {
      const usesLeft = again.coupon.usesLeft;
      record.expect(
        "voidCouponRedemption",
        "voiding twice gives one use back",
        usesLeft === redemption.coupon.usesLeft + 1,
        `usesLeft ${redemption.coupon.usesLeft + 1}`,
        `usesLeft ${usesLeft}`,
      );
    }
  }
}

interface Slot {
  startsAt: string;
  capacity: number;
}

/** Empty slots of the fixture service that start after its change window, soonest first. */
async function emptySlots(ctx: SuiteContext, fixtures: Fixtures, wanted: number): Promise<Slot[]> {
  const reservation = fixtures.reservation!;
  const settings = await ctx.client.call("getReservationSettings");
  const windowHours = okBody(settings, ReservationSettings)?.cancellationWindowHours ?? 24;
  const earliest = Date.now() + (windowHours + 2) * 3_600_000;
  const slots: Slot[] = [];
  for (let day = Math.ceil(windowHours / 24) + 1; day <= 30 && slots.length < wanted; day += 1) {
    const answer = await ctx.client.call("listReservationSlots", {
      params: { storeId: reservation.storeId },
      query: { serviceId: reservation.serviceId, date: japanDate(day) },
    });
    const list = okBody(answer, ReservationSlotList);
    if (list === null) break;
    for (const slot of list.slots) {
      if (Date.parse(slot.startsAt) > earliest && slot.remaining === slot.capacity) slots.push(slot);
    }
  }
  return slots.slice(0, wanted);
}

async function remainingIn(ctx: SuiteContext, fixtures: Fixtures, startsAt: string): Promise<number | null> {
  const reservation = fixtures.reservation!;
  const date = japanDate(0, Date.parse(startsAt));
  const answer = await ctx.client.call("listReservationSlots", {
    params: { storeId: reservation.storeId },
    query: { serviceId: reservation.serviceId, date },
  });
  const slot = okBody(answer, ReservationSlotList)?.slots.find(
    (candidate) => Date.parse(candidate.startsAt) === Date.parse(startsAt),
  );
  return slot?.remaining ?? null;
}

/** Book, replay, move and cancel; then the capacity race on an empty slot. Every booking made is cancelled. */
export async function runReservationWrites(ctx: SuiteContext, fixtures: Fixtures): Promise<void> {
  const operations: OperationId[] = ["createReservation", "changeReservation", "cancelReservation"];
  if (!ctx.wants(...operations)) return;
  const { client, record } = ctx;
  if (!fixtures.reservation) {
    for (const operationId of operations) record.skip(operationId, "happy path", "the fixtures name no reservation service");
    return;
  }
  const memberId = firstMember(fixtures).memberId;
  const other = secondMember(fixtures).memberId;
  const serviceId = fixtures.reservation.serviceId;
  const [booked, target, race] = await emptySlots(ctx, fixtures, 3);
  if (booked === undefined || target === undefined) {
    for (const operationId of operations) record.skip(operationId, "happy path", "no two empty slots in the next 30 days");
    return;
  }

  const request = { serviceId, startsAt: booked.startsAt, partySize: 1 };
  const reservation = await idempotentWrite<Reservation>(ctx, "createReservation", {
    params: { memberId },
    body: request,
    otherBody: { ...request, note: `conformance ${ctx.runId}` },
    status: 201,
  });
  if (reservation) {
    ctx.memberA.reservationIds.unshift(reservation.reservationId);
    const remaining = await remainingIn(ctx, fixtures, booked.startsAt);
    record.expect(
      "createReservation",
      "idempotency: one seat taken",
      remaining === booked.capacity - 1,
      `${booked.capacity - 1} seats left`,
      `${remaining} left`,
    );
    const params = { memberId, reservationId: reservation.reservationId };
    const otherParams = { memberId: other, reservationId: reservation.reservationId };
    const change = { startsAt: target.startsAt };
    record.answer(
      "authorization: another member's reservation is 404",
      await client.call("changeReservation", { params: otherParams, body: change, idempotencyKey: newIdempotencyKey() }),
      NOT_FOUND,
    );
    record.answer(
      "authorization: another member's reservation is 404",
      await client.call("cancelReservation", { params: otherParams, idempotencyKey: newIdempotencyKey() }),
      NOT_FOUND,
    );
    const moved = await idempotentWrite<Reservation>(ctx, "changeReservation", {
      params,
      body: change,
      otherBody: { startsAt: booked.startsAt },
      status: 200,
    });
    if (moved)
      record.expect(
        "changeReservation",
        "moves to the new slot",
        Date.parse(moved.startsAt) === Date.parse(target.startsAt),
        target.startsAt,
        moved.startsAt,
      );
    const cancelled = await idempotentWrite<Reservation>(ctx, "cancelReservation", { params, status: 200 });
    if (cancelled)
      record.expect(
        "cancelReservation",
        "answers it cancelled",
        cancelled.status === "cancelled",
        "status cancelled",
        `status ${cancelled.status}`,
      );
    const twice = await client.call("cancelReservation", { params, idempotencyKey: newIdempotencyKey() });
    record.answer("cancelling twice is harmless", twice, { status: 200 });
  }

  if (!ctx.wants("createReservation")) return;
  if (race === undefined) {
    record.skip("createReservation", "capacity", "no third empty slot in the next 30 days");
    return;
  }
  await capacityRace(ctx, fixtures, race);
}

const MAX_RACE_SEATS = 12;

/** capacity + 2 bookings of one seat at once: exactly `capacity` are booked, the rest 409 slot_full. */
async function capacityRace(ctx: SuiteContext, fixtures: Fixtures, slot: Slot): Promise<void> {
  const { client, record } = ctx;
  if (slot.capacity > MAX_RACE_SEATS) {
    record.skip("createReservation", "capacity", `the slot has ${slot.capacity} seats; the race runs up to ${MAX_RACE_SEATS}`);
    return;
  }
  const members = fixtures.members.map((member) => member.memberId);
  const attempts = slot.capacity + 2;
  const answers: Answer[] = await Promise.all(
    Array.from({ length: attempts }, (_, index) =>
      client.call("createReservation", {
        params: { memberId: members[index % members.length] },
        body: { serviceId: fixtures.reservation!.serviceId, startsAt: slot.startsAt, partySize: 1 },
        idempotencyKey: newIdempotencyKey(),
      }),
    ),
  );
  const booked = answers.filter((answer) => answer.status === 201);
  const full = answers.filter((answer) => answer.status === 409);
  const wrongCode = full.filter((answer) => (answer.body as { error?: { code?: string } })?.error?.code !== "slot_full");
  const others = answers.filter((answer) => answer.status !== 201 && answer.status !== 409);
  record.expect(
    "createReservation",
    `capacity: ${attempts} concurrent bookings of a slot with ${slot.capacity} seats`,
    booked.length === slot.capacity && full.length === attempts - slot.capacity && wrongCode.length === 0 && others.length === 0,
    `${slot.capacity} × 201 and ${attempts - slot.capacity} × 409 slot_full`,
    `${booked.length} × 201, ${full.length} × 409${wrongCode.length ? ` (${wrongCode.length} not slot_full)` : ""}` +
      (others.length ? `, ${others.map((answer) => answer.status).join(", ")}` : ""),
  );
  const remaining = await remainingIn(ctx, fixtures, slot.startsAt);
  record.expect(
    "listReservationSlots",
    "capacity: a full slot has 0 seats left",
    remaining === 0,
    "remaining 0",
    `remaining ${remaining}`,
  );
  // Put the seats back.
  for (const answer of booked) {
    const reservation = Reservation.safeParse(answer.body);
    if (!reservation.success) continue;
    const { memberId, reservationId } = reservation.data;
    await client.call("cancelReservation", { params: { memberId, reservationId }, idempotencyKey: newIdempotencyKey() });
  }
}

/**
 * Linking: repeating a member's own link is harmless (200); linking their LINE user to another
 * member, or registering a member for it, is 409. Nothing changes on a conforming merchant.
 */
export async function runLinkWrites(ctx: SuiteContext, fixtures: Fixtures): Promise<void> {
  const { client, record } = ctx;
  const a = firstMember(fixtures);
  const b = secondMember(fixtures);
  if (a.lineUserId === undefined) {
    record.skip("putLineLink", "happy path", "the fixtures give the first member no lineUserId");
    return;
  }
  if (ctx.wants("putLineLink")) {
    const same = await client.call("putLineLink", { params: { lineUserId: a.lineUserId }, body: { memberId: a.memberId } });
    const link = record.answer("repeating the same link is 200", same, { status: 200 }) as LineLink | undefined;
    if (link) record.expect("putLineLink", "answers the same link", link.memberId === a.memberId, a.memberId, link.memberId);
    const taken = await client.call("putLineLink", { params: { lineUserId: a.lineUserId }, body: { memberId: b.memberId } });
    record.answer("409 for a LINE user linked to another member", taken, { status: 409 });
  }
  if (ctx.wants("registerMember")) {
    const body = {
      lineUserId: a.lineUserId,
      profile: { name: "適合 検査" },
      consents: { terms: true, marketingMessages: false },
    };
    record.answer("409 for a LINE user already linked", await client.call("registerMember", { body }), {
      status: 409,
      code: "conflict",
    });
    record.skip("registerMember", "happy path", "it would create a member outside the fixtures");
  }
}
