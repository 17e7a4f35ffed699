import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { MemberCardResponse, ScanResponse, StaffActionResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { merchantIdempotencyKey } from "../../../bff/merchant/idempotency-key.ts";
import { devPersona } from "../../fakes/personas.ts";
import { DEFERRED_STALE_CLAIM_MS, sweepDeferredRegisterWrites } from "../../../bff/staff/deferred-writes.ts";
import { drainDeliveries, queuedMessages, recordingQueue, runBatch } from "../delivery/drain.ts";
import { callBff, freshLineUserId, jsonBody, merchantApi, mintIdToken, setMerchantFault } from "../helpers.ts";

// Check-ins and awards while the merchant is down: accepted for later (202), stored once per key,
// applied once the merchant is back, exactly once. Every test makes a member of its own (a new
// membership at the sandbox merchant), so no other file's balances or visits move.

interface Customer {
  lineUserId: string;
  memberId: string;
  token: string;
}

/** The "staff" persona (鈴木 一郎, 渋谷店) and 森 直子 (another staff member, two stores). */
let staffToken: string;
let otherStaffToken: string;
const STAFF_LINE_USER_ID = devPersona("staff").lineUserId;
const OTHER_STAFF_LINE_USER_ID = "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b";

/** The key the merchant sees for a staff member's app key: the BFF scopes it to their LINE user. */
const atMerchant = (key: string, lineUserId = STAFF_LINE_USER_ID) => merchantIdempotencyKey(lineUserId, key);

beforeAll(async () => {
  staffToken = await mintIdToken({ persona: "staff" });
  otherStaffToken = await mintIdToken({ sub: OTHER_STAFF_LINE_USER_ID });
  // Both signed in once while the merchant is up: the staff cache lets them in during an outage.
  expect((await callBff("/api/staff/me", { token: staffToken })).status).toBe(200);
  expect((await callBff("/api/staff/me", { token: otherStaffToken })).status).toBe(200);
});

afterEach(async () => {
  await setMerchantFault({ mode: "none" });
});

async function newCustomer(): Promise<Customer> {
  const lineUserId = freshLineUserId();
  const response = await merchantApi("/v1/members", {
    method: "POST",
    body: JSON.stringify({ lineUserId, profile: { name: "停電 テスト" }, consents: { terms: true, marketingMessages: false } }),
  });
  expect(response.status).toBe(201);
  const { memberId } = (await response.json()) as { memberId: string };
  return { lineUserId, memberId, token: await mintIdToken({ sub: lineUserId }) };
}

async function card(customer: Customer) {
  const response = await callBff("/api/card", { token: customer.token });
  expect(response.status).toBe(200);
  return MemberCardResponse.parse(await response.json());
}

/** A scan of the customer's card while the merchant is up: the BFF learns the member then. */
async function scanned(customer: Customer, token = staffToken) {
  const response = await callBff("/api/staff/scans", { token, ...jsonBody({ token: (await card(customer)).token }) });
  expect(response.status).toBe(201);
  return ScanResponse.parse(await response.json());
}

function act(scanId: string, path: "points" | "check-ins", body: object, key: string, token = staffToken) {
  return callBff(`/api/staff/scans/${scanId}/${path}`, {
    token,
    ...jsonBody(body),
    headers: { "content-type": "application/json", "idempotency-key": key },
  });
}

const SHIBUYA = { storeId: "store_shibuya" };

/** Rows stored for an app key as any of these LINE users sent it (by default either staff member). */
async function rowsFor(key: string, lineUserIds = [STAFF_LINE_USER_ID, OTHER_STAFF_LINE_USER_ID]) {
  const keys = await Promise.all(lineUserIds.map((lineUserId) => atMerchant(key, lineUserId)));
  const { results } = await env.DB.prepare(
    `SELECT write_id, kind, state, attempts, last_error, staff_id, store_id, member_id, next_attempt_at
     FROM deferred_register_writes WHERE merchant_idempotency_key IN (SELECT value FROM json_each(?1))`,
  )
    .bind(JSON.stringify(keys))
    .all<{
      write_id: string;
      kind: string;
      state: string;
      attempts: number;
      last_error: string | null;
      staff_id: string;
      store_id: string;
      member_id: string;
      next_attempt_at: number;
    }>();
  return results;
}

async function merchantCheckIns(memberId: string) {
  const response = await fetch(`${inject("merchantUrl")}/__dev/members/${memberId}/check-ins`);
  return ((await response.json()) as { checkIns: { checkInId: string; storeId: string }[] }).checkIns;
}

async function merchantBalance(memberId: string) {
  const response = await merchantApi(`/v1/members/${memberId}/summary`);
  return ((await response.json()) as { points: { balance: number } }).points.balance;
}

/** The processor, as the queue runs it, at a time when the row's next attempt is due. */
const applyNow = (writeId: string, atMs = Date.now() + 5 * 60_000) =>
  runBatch([{ type: "register_write", id: writeId }], {}, atMs);

async function pushesTo(lineUserId: string) {
  const calls = (await (await fetch(`${inject("fakeLineUrl")}/__dev/calls`)).json()) as {
    calls: { path: string; delivered?: boolean; body: { to?: string } }[];
  };
  return calls.calls.filter((call) => call.path.endsWith("/push") && call.body.to === lineUserId && call.delivered !== false)
    .length;
}

describe("a check-in while the merchant is down", () => {
  it("is accepted for later (202, applied: later), and a retry of the same request answers the same and stores one row", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();

    const first = await act(scan.scanId, "check-ins", SHIBUYA, key);
    expect(first.status).toBe(202);
    const answer = StaffActionResponse.parse(await first.json());
    expect(answer.applied).toBe("later");
    expect(answer.action).toMatchObject({ kind: "check_in", points: null, balance: null, storeId: "store_shibuya" });
    expect(answer.action.actionId).toBeUndefined();
    expect(answer.lineNotice).toBe("none");
    expect(answer.member.memberNumber).toBe(scan.member.memberNumber);

    const again = await act(scan.scanId, "check-ins", SHIBUYA, key);
    expect(again.status).toBe(202);
    expect(StaffActionResponse.parse(await again.json())).toEqual(answer);
    const rows = await rowsFor(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "check_in", state: "pending", staff_id: "stf_001", member_id: customer.memberId });

    // One check-in per scan, whatever the key: a second tap with a new key records no second visit.
    const otherKey = crypto.randomUUID();
    expect((await act(scan.scanId, "check-ins", SHIBUYA, otherKey)).status).toBe(409);
    expect(await rowsFor(otherKey)).toHaveLength(0);
  });

  it("lands at the merchant exactly once when applied twice at once and again after a restart, with one LINE message", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();
    expect((await act(scan.scanId, "check-ins", SHIBUYA, key)).status).toBe(202);
    const [row] = await rowsFor(key);

    // Still down: the row waits with a backoff and the reason, and is queued again for later.
    const queuedBefore = queuedMessages.length;
    await applyNow(row!.write_id);
    const waiting = (await rowsFor(key))[0]!;
    expect(waiting).toMatchObject({ state: "pending", attempts: 1 });
    expect(waiting.last_error).toMatch(/500|reached/);
    expect(queuedMessages.slice(queuedBefore).map((message) => message.body)).toContainEqual({
      type: "register_write",
      id: row!.write_id,
    });
    expect(await merchantCheckIns(customer.memberId)).toHaveLength(0);

    await setMerchantFault({ mode: "none" });
    const pushesBefore = await pushesTo(customer.lineUserId);
    // Past the backoff of the failed attempt.
    const later = Date.now() + 60 * 60_000;
    await Promise.all([applyNow(row!.write_id, later), applyNow(row!.write_id, later)]);
    expect((await rowsFor(key))[0]).toMatchObject({ state: "applied" });
    expect(await merchantCheckIns(customer.memberId)).toHaveLength(1);

    // A processor that died after the merchant took it: the row is claimed again once stale.
    await env.DB.prepare(
      "UPDATE deferred_register_writes SET state = 'pending', applied_at = NULL, claimed_at = ?2 WHERE write_id = ?1",
    )
      .bind(row!.write_id, later - DEFERRED_STALE_CLAIM_MS - 1000)
      .run();
    await applyNow(row!.write_id, later);
    expect((await rowsFor(key))[0]).toMatchObject({ state: "applied" });
    expect(await merchantCheckIns(customer.memberId)).toHaveLength(1);

    // The register's list and the customer's card show it once; the customer's message goes once.
    const actions = await env.DB.prepare("SELECT COUNT(*) AS n FROM member_card_actions WHERE idempotency_key = ?1")
      .bind(`check_in:${await atMerchant(key)}`)
      .first<{ n: number }>();
    expect(actions?.n).toBe(1);
    await drainDeliveries({}, later + 60_000);
    expect((await pushesTo(customer.lineUserId)) - pushesBefore).toBe(1);
  });

  it("ends failed_permanently with the merchant's reason when the merchant refuses the replay, and is not tried again", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();
    expect((await act(scan.scanId, "check-ins", SHIBUYA, key)).status).toBe(202);
    await setMerchantFault({ mode: "none" });
    // The key taken at the merchant for another body: it answers the replay 422 idempotency_conflict.
    const taken = await merchantApi(`/v1/members/${customer.memberId}/check-ins`, {
      method: "POST",
      headers: { "idempotency-key": await atMerchant(key) },
      body: JSON.stringify({ storeId: "store_kichijoji", staffId: "stf_002" }),
    });
    expect(taken.status).toBe(201);
    const [row] = await rowsFor(key);

    await applyNow(row!.write_id);
    const failed = (await rowsFor(key))[0]!;
    expect(failed.state).toBe("failed_permanently");
    expect(failed.last_error).toMatch(/idempotency_conflict/);

    const queuedBefore = queuedMessages.length;
    await applyNow(row!.write_id, Date.now() + 48 * 3600_000);
    await sweepDeferredRegisterWrites({
      db: env.DB,
      queue: recordingQueue,
      log: createLogger("test"),
      now: Date.now() + 48 * 3600_000,
    });
    expect((await rowsFor(key))[0]).toMatchObject({ state: "failed_permanently", attempts: failed.attempts });
    expect(queuedMessages.slice(queuedBefore).some((message) => message.body.id === row!.write_id)).toBe(false);
    // Only the check-in made directly at the merchant: the deferred one never landed.
    expect(await merchantCheckIns(customer.memberId)).toHaveLength(1);

    // The ops deliveries page lists it with its reason, for someone to apply by hand.
    const opsToken = "ops-token-for-deferred-writes";
    const ops = await callBff("/ops/deliveries", {
      bindings: { OPS_TOKEN: opsToken },
      drain: false,
      headers: { authorization: `Bearer ${opsToken}` },
    });
    expect(ops.status).toBe(200);
    const report = ((await ops.json()) as { registerWrites: { failed: Array<{ write_id: string; last_error: string }> } })
      .registerWrites;
    expect(report.failed.find((failedRow) => failedRow.write_id === row!.write_id)?.last_error).toMatch(/idempotency_conflict/);
  });

  it("is nudged again by the cron when its queue message was lost", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();
    expect((await act(scan.scanId, "check-ins", SHIBUYA, key)).status).toBe(202);
    const [row] = await rowsFor(key);
    const queuedBefore = queuedMessages.length;
    await sweepDeferredRegisterWrites({
      db: env.DB,
      queue: recordingQueue,
      log: createLogger("test"),
      now: Date.now() + 10 * 60_000,
    });
    expect(queuedMessages.slice(queuedBefore).map((message) => message.body)).toContainEqual({
      type: "register_write",
      id: row!.write_id,
    });
  });
});

describe("an award while the merchant is down", () => {
  it("is accepted for later under the last caps, and its points land once when applied twice", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    // Caps read while the merchant is up (an award of a 1-yen purchase) are kept for the outage.
    const warmUp = await callBff(`/api/staff/scans/${scan.scanId}/points`, {
      token: staffToken,
      ...jsonBody({ kind: "award", purchaseAmountYen: 1, storeId: "store_shibuya" }),
      headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    });
    expect(warmUp.status).toBe(201);
    const before = await merchantBalance(customer.memberId);
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();
    const response = await act(scan.scanId, "points", { kind: "award", purchaseAmountYen: 2000, storeId: "store_shibuya" }, key);
    expect(response.status).toBe(202);
    const answer = StaffActionResponse.parse(await response.json());
    expect(answer).toMatchObject({ applied: "later", action: { kind: "award", points: null, purchaseAmountYen: 2000 } });
    const again = await act(scan.scanId, "points", { kind: "award", purchaseAmountYen: 2000, storeId: "store_shibuya" }, key);
    expect(again.status).toBe(202);
    expect(await rowsFor(key)).toHaveLength(1);

    await setMerchantFault({ mode: "none" });
    expect(await merchantBalance(customer.memberId)).toBe(before);
    const [row] = await rowsFor(key);
    await Promise.all([applyNow(row!.write_id), applyNow(row!.write_id)]);
    const after = await merchantBalance(customer.memberId);
    expect(after).toBeGreaterThan(before);
    await applyNow(row!.write_id);
    expect(await merchantBalance(customer.memberId)).toBe(after);
    expect((await rowsFor(key))[0]).toMatchObject({ state: "applied" });
  });

  it("still refuses a redeem (503 merchant_unavailable_redeem) and a coupon use (503 merchant_unavailable_coupon), storing nothing", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const redeemKey = crypto.randomUUID();
    const redeem = await act(scan.scanId, "points", { kind: "redeem", points: 10, storeId: "store_shibuya" }, redeemKey);
    expect(redeem.status).toBe(503);
    expect(ErrorBody.parse(await redeem.json()).error.code).toBe("merchant_unavailable_redeem");
    const couponKey = crypto.randomUUID();
    const coupon = await callBff(`/api/staff/coupons/scans/${scan.scanId}/redemptions`, {
      token: staffToken,
      ...jsonBody({ couponId: "cpn_anything", storeId: "store_shibuya" }),
      headers: { "content-type": "application/json", "idempotency-key": couponKey },
    });
    expect(coupon.status).toBe(503);
    expect(ErrorBody.parse(await coupon.json()).error.code).toBe("merchant_unavailable_coupon");
    expect([...(await rowsFor(redeemKey)), ...(await rowsFor(couponKey))]).toHaveLength(0);
  });
});

describe("who may leave writes for later", () => {
  it("refuses a customer (not staff) during an outage and stores nothing", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();
    const response = await act(scan.scanId, "check-ins", SHIBUYA, key, customer.token);
    expect(response.status).toBe(502);
    expect(await rowsFor(key, [customer.lineUserId, STAFF_LINE_USER_ID])).toHaveLength(0);
  });

  it("refuses another staff member acting on someone else's scan, or staff acting for another store, and stores nothing", async () => {
    const customer = await newCustomer();
    const scan = await scanned(customer);
    await setMerchantFault({ mode: "server_error" });
    const theirs = crypto.randomUUID();
    expect((await act(scan.scanId, "check-ins", SHIBUYA, theirs, otherStaffToken)).status).toBe(404);
    const otherStore = crypto.randomUUID();
    expect((await act(scan.scanId, "check-ins", { storeId: "store_kichijoji" }, otherStore)).status).toBe(403);
    expect([...(await rowsFor(theirs)), ...(await rowsFor(otherStore))]).toHaveLength(0);
    // The scan itself is untouched: its own staff member can still check the customer in.
    expect((await act(scan.scanId, "check-ins", SHIBUYA, crypto.randomUUID())).status).toBe(202);
  });

  it("does not let a key stored for one customer's check-in stand for another's", async () => {
    const [alice, bob] = [await newCustomer(), await newCustomer()];
    const [aliceScan, bobScan] = [await scanned(alice), await scanned(bob)];
    await setMerchantFault({ mode: "server_error" });
    const key = crypto.randomUUID();
    expect((await act(aliceScan.scanId, "check-ins", SHIBUYA, key)).status).toBe(202);
    const reused = await act(bobScan.scanId, "check-ins", SHIBUYA, key);
    expect(reused.status).toBe(422);
    const rows = await rowsFor(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.member_id).toBe(alice.memberId);
  });
});

describe("GET /api/card while the merchant is down", () => {
  it("shows the member's card from the last known details, marked with their time", async () => {
    const customer = await newCustomer();
    const online = await card(customer);
    expect(online.source).toBeUndefined();
    await setMerchantFault({ mode: "server_error" });
    const response = await callBff("/api/card", { token: customer.token });
    expect(response.status).toBe(200);
    const offline = MemberCardResponse.parse(await response.json());
    expect(offline.source).toBe("snapshot");
    expect(offline.member).toEqual(online.member);
    expect(Date.parse(offline.memberAsOf ?? "")).toBeLessThanOrEqual(Date.now());
    // The card it shows works at the register: the scan answers from the snapshot too.
    const scan = await callBff("/api/staff/scans", { token: staffToken, ...jsonBody({ token: offline.token }) });
    expect(scan.status).toBe(201);
    expect(ScanResponse.parse(await scan.json()).source).toBe("snapshot");
  });

  it("shows the card of a member who just registered in the app, and forgets it once they unlink", async () => {
    const lineUserId = freshLineUserId();
    const token = await mintIdToken({ sub: lineUserId });
    const newcomer = { profile: { name: "登録 直後" }, consents: { terms: true, marketingMessages: false } };
    expect((await callBff("/api/link/register", { token, ...jsonBody(newcomer) })).status).toBe(201);
    // Never opened the card while the merchant was up: the mapping was kept at link time.
    await setMerchantFault({ mode: "server_error" });
    const offline = await callBff("/api/card", { token });
    expect(offline.status).toBe(200);
    const shown = MemberCardResponse.parse(await offline.json());
    expect(shown).toMatchObject({ source: "snapshot", member: { name: "登録 直後" } });

    await setMerchantFault({ mode: "none" });
    expect((await callBff("/api/link", { token, method: "DELETE" })).status).toBe(200);
    await setMerchantFault({ mode: "server_error" });
    const afterUnlink = await callBff("/api/card", { token });
    expect(afterUnlink.status).toBe(502);
  });

  it("answers the usual outage error when the BFF never saw this member", async () => {
    const customer = await newCustomer();
    await setMerchantFault({ mode: "server_error" });
    const response = await callBff("/api/card", { token: customer.token });
    expect(response.status).toBe(502);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_unavailable");
  });

  it("never shows another LINE user's last known card", async () => {
    const customer = await newCustomer();
    await card(customer);
    const stranger = await mintIdToken({ sub: freshLineUserId() });
    await setMerchantFault({ mode: "server_error" });
    const response = await callBff("/api/card", { token: stranger });
    expect(response.status).toBe(502);
  });
});
