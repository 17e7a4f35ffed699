import {
  MemberCouponList,
  OrderPage,
  PointHistoryPage,
  ReservationList,
  type LineLink,
  type MemberSummary,
  type OrderDetail,
  type ReservableStore,
  type ReservationService,
  type Reservation,
  type StaffRecord,
} from "../shared/merchant-contract.ts";
import type { CallOptions } from "./client.ts";
import { answerProblem } from "./report.ts";
import { maxPageLimit, type OperationId } from "./contract.ts";
import { firstMember, okBody, japanDate, secondMember, UNKNOWN, type SuiteContext } from "./context.ts";

// Reads: every read answers its documented body; lists page without gaps or repeats; and
// what belongs to one member is never answered for another.

const ok = (status: number) => ({ status });

export async function runGlobalReads(ctx: SuiteContext): Promise<void> {
  const { client, record } = ctx;
  for (const operationId of ["getLinkSettings", "getStaffSettings", "getReservationSettings", "listCouponCatalogue"] as const) {
    if (ctx.wants(operationId)) record.answer("happy path", await client.call(operationId), ok(200));
  }

  if (ctx.wants("listReservableStores", "listReservationServices", "listReservationSlots")) {
    const stores = await client.call("listReservableStores");
    const store = (record.answer("happy path", stores, ok(200)) as { stores: ReservableStore[] } | undefined)?.stores[0];
    const storeId = ctx.fixtures?.reservation?.storeId ?? store?.storeId;
    if (storeId === undefined) {
      record.skip("listReservationServices", "happy path", "the merchant lists no reservable store");
    } else {
      const services = await client.call("listReservationServices", { params: { storeId } });
      const listed = (record.answer("happy path", services, ok(200)) as { services: ReservationService[] } | undefined)?.services;
      const serviceId = ctx.fixtures?.reservation?.serviceId ?? listed?.[0]?.serviceId;
      if (serviceId === undefined) record.skip("listReservationSlots", "happy path", "the store lists no service");
      else {
        const slots = await client.call("listReservationSlots", {
          params: { storeId },
          query: { serviceId, date: japanDate(3) },
        });
        record.answer("happy path", slots, ok(200));
        const unknownService = await client.call("listReservationSlots", {
          params: { storeId },
          query: { serviceId: UNKNOWN.id, date: japanDate(3) },
        });
        record.answer("404 for an unknown service", unknownService, { status: 404, code: "not_found" });
      }
    }
  }

  if (ctx.wants("requestOneTimeCode")) {
    // Always 202, so that the answer cannot tell which member numbers exist.
    const answer = await client.call("requestOneTimeCode", { body: { memberNumber: UNKNOWN.memberNumber } });
    record.answer("202 for an unknown member number", answer, ok(202));
  }
  if (ctx.wants("authenticateMember")) {
    const answer = await client.call("authenticateMember", {
      body: { memberNumber: UNKNOWN.memberNumber, secondFactor: { type: "pin", value: "0000" } },
    });
    // The code is whatever the contract lists for this 401 (checked with the body).
    record.answer("401 for an unknown member number", answer, { status: 401 });
    record.skip("authenticateMember", "happy path", "needs a member's second factor; wrong tries could lock a member");
  }
  if (ctx.wants("consumeAccountLinkNonce")) {
    record.skip("consumeAccountLinkNonce", "happy path", "a nonce comes only from the merchant's login page");
  }

  const now = Date.now();
  await checkPagination(ctx, "listLineLinks", { itemsKey: "links" });
  await checkPagination(ctx, "listReminderCandidates", {
    itemsKey: "reservations",
    query: { from: new Date(now).toISOString(), to: new Date(now + 90 * 86_400_000).toISOString() },
  });
  await checkPagination(ctx, "listBirthdayCandidates", {
    itemsKey: "members",
    query: { month: Number(japanDate(0).slice(5, 7)) },
  });
  await checkPagination(ctx, "listPointsExpiryCandidates", {
    itemsKey: "members",
    limitCounts: "members, each listed with one entry per expiry batch",
    query: { from: japanDate(0), through: japanDate(400) },
  });
  await checkPagination(ctx, "evaluateSegment", { itemsKey: "lineUserIds", inBody: { filter: {} } });
}

interface PaginationTarget {
  itemsKey: string;
  params?: Record<string, string>;
  query?: CallOptions["query"];
  /** For evaluateSegment: cursor and limit go in the JSON body, with these fields. */
  inBody?: Record<string, unknown>;
  /** What `limit` counts when not the items (expiry candidates: members, each with one item per batch). */
  limitCounts?: string;
}

const GARBAGE_CURSOR = "conformance-garbage-cursor";
const MAX_PAGES = 500;
const SMALL_LIMIT_PAGES = 25;

/**
 * Follows the cursors with a small limit to the end and compares with the pages at the largest
 * limit: nothing twice, nothing missing. A limit above the documented maximum and a cursor the
 * merchant never issued are 400.
 */
export async function checkPagination(ctx: SuiteContext, operationId: OperationId, target: PaginationTarget): Promise<void> {
  if (!ctx.wants(operationId)) return;
  const { client, record } = ctx;
  const max = maxPageLimit(operationId);
  const call = (limit: number | undefined, cursor: string | undefined) =>
    target.inBody
      ? client.call(operationId, { body: { ...target.inBody, ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) } })
      : client.call(operationId, { params: target.params, query: { ...target.query, limit, cursor } });

  /** Follows the cursors from the first page, for at most `maxPages` pages; `ended` once a page had no nextCursor. */
  const walk = async (
    limit: number | undefined,
    maxPages: number,
  ): Promise<{ items: string[]; ended: boolean; problem?: string }> => {
    const items: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const answer = await call(limit, cursor);
      const problem = answerProblem(answer, ok(200));
      if (problem !== null) {
        record.fail(operationId, `page ${page + 1} with limit ${limit ?? "default"}`, `200 (${answer.request})`, problem);
        return { items, ended: false, problem: "a page failed" };
      }
      const body = answer.body as Record<string, unknown> & { nextCursor: string | null };
      const pageItems = (body[target.itemsKey] as unknown[]).map((item) => JSON.stringify(item));
      if (limit !== undefined && target.limitCounts === undefined && pageItems.length > limit) {
        return { items, ended: false, problem: `a page of ${pageItems.length} items for limit ${limit}` };
      }
      items.push(...pageItems);
      if (body.nextCursor === null) return { items, ended: true };
      if (pageItems.length === 0 && target.limitCounts === undefined) {
        return { items, ended: false, problem: "an empty page with a nextCursor" };
      }
      cursor = body.nextCursor;
    }
    return { items, ended: false };
  };

  const reference = await walk(max ?? undefined, MAX_PAGES);
  if (reference.problem === "a page failed") return;
  if (reference.problem) record.fail(operationId, "pagination", `pages of at most ${max} items`, reference.problem);
  else if (!reference.ended) {
    record.skip(operationId, "pagination", `more than ${MAX_PAGES} pages at limit ${max ?? "default"}: not compared`);
  } else {
    record.pass(operationId, `happy path (every page at limit ${max ?? "default"})`);
    if (reference.items.length < 2) {
      record.skip(operationId, "pagination", `fewer than 2 items to page through (${reference.items.length})`);
    } else {
      const limit = reference.items.length >= 4 ? 2 : 1;
      // A long list is compared on its first pages: the order is stable, so they hold the first items.
      const small = await walk(limit, SMALL_LIMIT_PAGES);
      if (small.problem) {
        if (small.problem !== "a page failed") {
          record.fail(operationId, "pagination", `pages of at most ${limit} items, to the end`, small.problem);
        }
      } else {
        const expected = small.ended ? reference.items : reference.items.slice(0, small.items.length);
        const seen = new Set(small.items);
        const missing = expected.filter((item) => !seen.has(item));
        const duplicates = small.items.length - seen.size;
        record.expect(
          operationId,
          `pagination (limit ${limit}${small.ended ? "" : `, first ${SMALL_LIMIT_PAGES} pages`})`,
          duplicates === 0 && missing.length === 0,
          `the ${expected.length} items of the large pages, each once`,
          `${small.items.length} items, ${duplicates} repeated, ${missing.length} missing`,
        );
      }
    }
  }

  if (max !== null) {
    record.answer(`limit ${max + 1} (over the documented ${max})`, await call(max + 1, undefined), {
      status: 400,
      code: "bad_request",
    });
  }
  record.answer("garbage cursor", await call(undefined, GARBAGE_CURSOR), { status: 400, code: "bad_request" });
}

/** Reads of the fixture members: their summary, points, orders, reservations and coupons. */
export async function runMemberReads(ctx: SuiteContext): Promise<void> {
  const { client, record, fixtures } = ctx;
  if (!fixtures) {
    for (const operationId of memberReadOperations) {
      if (ctx.wants(operationId)) record.skip(operationId, "happy path", "no fixtures: no member to read");
    }
    return;
  }
  const a = firstMember(fixtures);
  const memberId = a.memberId;
  const params = { memberId };

  if (ctx.wants("getMemberSummary")) {
    const summary = record.answer("happy path", await client.call("getMemberSummary", { params }), ok(200)) as MemberSummary;
    if (summary)
      record.expect(
        "getMemberSummary",
        "answers the member asked for",
        summary.memberId === memberId,
        memberId,
        summary.memberId,
      );
  }
  if (ctx.wants("getMemberByNumber")) {
    if (a.memberNumber === undefined) record.skip("getMemberByNumber", "happy path", "the fixtures give no memberNumber");
    else {
      const answer = await client.call("getMemberByNumber", { params: { memberNumber: a.memberNumber } });
      const summary = record.answer("happy path", answer, ok(200)) as MemberSummary | undefined;
      if (summary)
        record.expect("getMemberByNumber", "answers that member", summary.memberId === memberId, memberId, summary.memberId);
    }
  }
  if (ctx.wants("getLineLink", "getMemberLineLink")) {
    if (a.lineUserId === undefined) {
      record.skip("getLineLink", "happy path", "the fixtures give the first member no lineUserId");
      const answer = await client.call("getMemberLineLink", { params });
      record.answer("happy path (not linked)", answer, { status: 404, code: "not_found" });
    } else {
      const link = record.answer(
        "happy path",
        await client.call("getLineLink", { params: { lineUserId: a.lineUserId } }),
        ok(200),
      );
      const byMember = record.answer("happy path", await client.call("getMemberLineLink", { params }), ok(200));
      if (link)
        record.expect(
          "getLineLink",
          "answers the linked member",
          (link as LineLink).memberId === memberId,
          memberId,
          (link as LineLink).memberId,
        );
      if (byMember) {
        const lineUserId = (byMember as LineLink).lineUserId;
        record.expect(
          "getMemberLineLink",
          "answers the member's LINE user",
          lineUserId === a.lineUserId,
          a.lineUserId,
          lineUserId,
        );
      }
    }
  }
  if (ctx.wants("getStaffByLineUser")) {
    const lineUserId = fixtures.staff.lineUserId;
    if (lineUserId === undefined)
      record.skip("getStaffByLineUser", "happy path", "the fixtures give the staff member no lineUserId");
    else {
      const staff = record.answer("happy path", await client.call("getStaffByLineUser", { params: { lineUserId } }), ok(200));
      if (staff) {
        const staffId = (staff as StaffRecord).staffId;
        record.expect(
          "getStaffByLineUser",
          "answers that staff member",
          staffId === fixtures.staff.staffId,
          fixtures.staff.staffId,
          staffId,
        );
      }
    }
  }
  if (ctx.wants("getPoints")) record.answer("happy path", await client.call("getPoints", { params }), ok(200));
  if (ctx.wants("previewPointAward")) {
    const body = { purchaseAmountYen: 1200, storeId: fixtures.staff.storeId };
    const preview = await client.call("previewPointAward", { params, body });
    // Optional in the contract: a merchant without it answers 404 for every member.
    if (preview.status === 404)
      record.skip("previewPointAward", "happy path", "404 for a fixture member: the optional preview is not offered");
    else record.answer("happy path", preview, ok(200));
  }

  await checkPagination(ctx, "listPointHistory", { itemsKey: "entries", params });
  await checkPagination(ctx, "listOrders", { itemsKey: "orders", params });

  // What the authorization checks try as the other member.
  const history = await client.call("listPointHistory", { params, query: { limit: 100 } });
  if (history.status === 200)
    ctx.memberA.pointEntryIds.push(...(okBody(history, PointHistoryPage)?.entries.map((entry) => entry.entryId) ?? []));
  const orders = await client.call("listOrders", { params, query: { limit: 100 } });
  ctx.memberA.orderIds.push(...(okBody(orders, OrderPage)?.orders.map((order) => order.orderId) ?? []));
  const orderId = ctx.memberA.orderIds[0];
  if (orderId === undefined) {
    record.skip("getOrder", "happy path", "the first member has no order");
    record.skip("previewReorder", "happy path", "the first member has no order");
  } else {
    if (ctx.wants("getOrder")) {
      const order = record.answer("happy path", await client.call("getOrder", { params: { memberId, orderId } }), ok(200));
      if (order)
        record.expect(
          "getOrder",
          "answers the member's own order",
          (order as OrderDetail).memberId === memberId,
          memberId,
          (order as OrderDetail).memberId,
        );
    }
    if (ctx.wants("previewReorder")) {
      record.answer("happy path", await client.call("previewReorder", { params: { memberId, orderId } }), ok(200));
    }
  }
  if (ctx.wants("getOrder")) {
    const unknown = await client.call("getOrder", { params: { memberId, orderId: UNKNOWN.id } });
    record.answer("404 for an unknown order of the member", unknown, { status: 404, code: "not_found" });
  }

  const reservations = await client.call("listReservations", { params });
  if (ctx.wants("listReservations")) record.answer("happy path", reservations, ok(200));
  if (reservations.status === 200) {
    ctx.memberA.reservationIds.push(...(okBody(reservations, ReservationList)?.reservations.map((r) => r.reservationId) ?? []));
  }
  const reservationId = ctx.memberA.reservationIds[0];
  if (ctx.wants("getReservation")) {
    if (reservationId === undefined) record.skip("getReservation", "happy path", "the first member has no reservation");
    else record.answer("happy path", await client.call("getReservation", { params: { memberId, reservationId } }), ok(200));
    const unknown = await client.call("getReservation", { params: { memberId, reservationId: UNKNOWN.id } });
    record.answer("404 for an unknown reservation of the member", unknown, { status: 404, code: "not_found" });
  }

  const coupons = await client.call("listMemberCoupons", { params });
  if (ctx.wants("listMemberCoupons")) record.answer("happy path", coupons, ok(200));
  ctx.memberA.couponIds.push(...(okBody(coupons, MemberCouponList)?.coupons.map((c) => c.couponId) ?? []));
  const couponId = ctx.memberA.couponIds[0];
  if (ctx.wants("getMemberCoupon")) {
    if (couponId === undefined) record.skip("getMemberCoupon", "happy path", "the first member has no coupon");
    else record.answer("happy path", await client.call("getMemberCoupon", { params: { memberId, couponId } }), ok(200));
    const unknown = await client.call("getMemberCoupon", { params: { memberId, couponId: UNKNOWN.id } });
    record.answer("404 for an unknown coupon of the member", unknown, { status: 404, code: "not_found" });
  }
}

const memberReadOperations: readonly OperationId[] = [
  "getMemberSummary",
  "getMemberByNumber",
  "getLineLink",
  "getMemberLineLink",
  "getPoints",
  "listPointHistory",
  "listOrders",
  "getOrder",
  "previewReorder",
  "listReservations",
  "getReservation",
  "listMemberCoupons",
  "getMemberCoupon",
];

/**
 * One member's data is never answered for another: the first member's orders, reservations,
 * coupons and points entries, asked for as the second member, are 404 and never listed.
 */
export async function runAuthorizationReads(ctx: SuiteContext): Promise<void> {
  const { client, record, fixtures } = ctx;
  if (!fixtures) return;
  const a = firstMember(fixtures).memberId;
  const b = secondMember(fixtures).memberId;
  const check = "authorization: another member's";
  const notFound = { status: 404, code: "not_found" } as const;

  const listed = async (
    operationId: OperationId,
    query: CallOptions["query"],
    pick: (body: never) => string[],
    own: string[],
  ) => {
    if (!ctx.wants(operationId)) return;
    if (own.length === 0) {
      record.skip(operationId, `${check} items`, "the first member has none");
      return;
    }
    const answer = await client.call(operationId, { params: { memberId: b }, query });
    if (record.answer(`${check} items: happy path for the other member`, answer, ok(200)) === undefined) return;
    const leaked = pick(answer.body as never).filter((id) => own.includes(id));
    record.expect(
      operationId,
      `${check} items never listed`,
      leaked.length === 0,
      `none of ${a}'s items for ${b}`,
      `${a}'s ${leaked.join(", ")}`,
    );
  };
  await listed("listOrders", { limit: 100 }, (body: OrderPage) => body.orders.map((o) => o.orderId), ctx.memberA.orderIds);
  await listed(
    "listPointHistory",
    { limit: 100 },
    (body: PointHistoryPage) => body.entries.map((e) => e.entryId),
    ctx.memberA.pointEntryIds,
  );
  await listed(
    "listReservations",
    undefined,
    (body: { reservations: Reservation[] }) => body.reservations.map((r) => r.reservationId),
    ctx.memberA.reservationIds,
  );
  await listed(
    "listMemberCoupons",
    undefined,
    (body: MemberCouponList) => body.coupons.map((c) => c.couponId),
    ctx.memberA.couponIds,
  );

  const single = async (
    operationId: OperationId,
    ids: string[],
    params: (id: string) => Record<string, string>,
    options: CallOptions = {},
  ) => {
    if (!ctx.wants(operationId)) return;
    const id = ids[0];
    if (id === undefined) {
      record.skip(operationId, check, "the first member has none");
      return;
    }
    record.answer(`${check} ${id} is 404`, await client.call(operationId, { ...options, params: params(id) }), notFound);
  };
  await single("getOrder", ctx.memberA.orderIds, (orderId) => ({ memberId: b, orderId }));
  await single("previewReorder", ctx.memberA.orderIds, (orderId) => ({ memberId: b, orderId }));
  await single("getReservation", ctx.memberA.reservationIds, (reservationId) => ({ memberId: b, reservationId }));
  await single("getMemberCoupon", ctx.memberA.couponIds, (couponId) => ({ memberId: b, couponId }));
}
