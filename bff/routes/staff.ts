import { Hono, type Context } from "hono";
import {
  AwardPreviewQuery,
  CheckInActionRequest,
  IdempotencyHeaders,
  PointsActionRequest,
  ScanRequest,
  StaffActionParams,
  StaffActionResponse,
  TodaysActionsQuery,
  VoidActionResponse,
  type AwardPreviewResponse,
  type RegisterActionView,
  type ScanResponse,
  type StaffMeResponse,
  type TodaysActionsResponse,
} from "../../shared/api.ts";
import type { LineLink, MemberSummary } from "../../shared/merchant-contract.ts";
import { readMemberSnapshot, saveMemberSnapshot } from "../card/member-snapshot.ts";
import { UpstreamError } from "../lib/errors.ts";
import { cardWindowEnd, cardWindowTiming, CARD_WINDOW_GRACE_MS, parseDeviceCardCode } from "../../shared/member-card-code.ts";
import {
  findCardDevice,
  findDeviceByTypedCode,
  importCardDevicePublicKey,
  isCardDeviceActive,
  revokeCardDevice,
  touchCardDevice,
  type CardDevice,
} from "../card/devices.ts";
import { memberCardKeys } from "../card/keys.ts";
import { memberCardCodeMac, openMemberCardToken } from "../card/member-card-token.ts";
import {
  claimScanCheckIn,
  consumeCardCredential,
  findActionableScan,
  findCardByCode,
  SCAN_ACTION_WINDOW_MS,
  takeScanAllowance,
  type MemberCardAction,
} from "../card/scans.ts";
import type { AppEnv } from "../env.ts";
import { withIdempotency } from "../lib/idempotency.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { FAILURE_BUDGETS, failureSubject, memberNumberIdentity, reserveFailure } from "../lib/rate-limit.ts";
import { refuse } from "../lib/refuse.ts";
import { languageOf } from "../lib/user-language.ts";
import { validate } from "../lib/validate.ts";
import { ADMIN_ROLE } from "../middleware/require-admin.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireStaff } from "../middleware/require-staff.ts";
import { actionContext } from "../staff/action-context.ts";
import { actionKey, recordAppliedAction, type ActionRecordDependencies } from "../staff/card-action-record.ts";
import { deferRegisterWrite, type DeferredWriteRequest } from "../staff/deferred-writes.ts";
import { publicNotice } from "../delivery/outbox.ts";
import {
  findRegisterAction,
  markRegisterActionVoided,
  todaysRegisterActions,
  type RegisterAction,
} from "../staff/register-log.ts";
import { readStaffSettings } from "../staff/staff-settings.ts";
import { voidedActionMessage } from "../staff/void-message.ts";
import { merchantIdempotencyKey } from "../merchant/idempotency-key.ts";

const memberView = (summary: MemberSummary) => {
  const status = linkStatusOf(summary);
  if (status.status !== "linked") throw new Error("a summary always makes a linked status");
  return status.member;
};

/** What a scan consumes: one credential (a server token, or a device's window), once. */
interface ScannedCredential {
  credentialId: string;
  memberId: string;
  expiresAt: Date;
  /** The phone whose key signed it; null for a server-issued token. */
  device: CardDevice | null;
}

/** A device's (device, window) credential: it lives until its window's grace ends. */
const deviceCredential = (device: CardDevice, window: number): ScannedCredential => ({
  credentialId: `dev:${device.deviceId}:${window}`,
  memberId: device.memberId,
  expiresAt: new Date(cardWindowEnd(window) + CARD_WINDOW_GRACE_MS),
  device,
});

/**
 * A QR code a member's phone signed: the device must be registered and active, the signature
 * its key's, and the window current by the server's clock (with a little slack for the phone's).
 * The signature is checked before the window, so an expired answer is given only for a real code.
 */
async function openDeviceQr(c: Context<AppEnv>, text: string) {
  const code = parseDeviceCardCode(text);
  const device = code ? await findCardDevice(c.env.DB, code.deviceId) : null;
  const publicKey = device && isCardDeviceActive(device) ? await importCardDevicePublicKey(JSON.parse(device.publicKey)) : null;
  const genuine =
    code !== null &&
    publicKey !== null &&
    (await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      publicKey,
      code.signature,
      new TextEncoder().encode(code.signedText),
    ));
  if (!code || !device || !genuine) return { invalid: true } as const;
  const timing = cardWindowTiming(code.window, Date.now());
  if (timing === "too_old") return { expired: true } as const;
  // A code for a window well ahead: the phone's clock is off, or someone minted codes for later.
  if (timing === "too_new") return { invalid: true } as const;
  return { credential: deviceCredential(device, code.window) } as const;
}

/**
 * A typed member number and code: the card (server-issued) or phone (device-signed) that shows
 * it, that showed it recently (expired), or why not. Failures count per staff member and per
 * member number, an expired code too; the staff member's own budget is checked first, so one
 * who is paused never spends a member's budget.
 */
async function openCardByTypedCode(c: Context<AppEnv>, memberNumber: string, code: string) {
  const db = c.env.DB;
  const log = c.get("log");
  const { staffId } = c.get("staff");
  const byStaff = await reserveFailure(db, await failureSubject("code-staff", staffId), FAILURE_BUDGETS.cardCode);
  if (!byStaff.allowed) return { paused: byStaff.retryAfterSeconds } as const;
  const byMember = await reserveFailure(
    db,
    await failureSubject("code-member", memberNumberIdentity(memberNumber)),
    FAILURE_BUDGETS.cardCode,
  );
  if (!byMember.allowed) {
    await byStaff.refund();
    return { paused: byMember.retryAfterSeconds } as const;
  }
  const refundBoth = () => Promise.all([byStaff.refund(), byMember.refund()]);
  try {
    const summary = await c.get("merchant").getMemberByNumber(memberNumber);
    const keys = await memberCardKeys(c.env.MEMBER_CARD_SECRET);
    const now = Date.now();
    const card = summary
      ? await findCardByCode(db, summary.memberId, await memberCardCodeMac(keys, summary.memberId, code), now)
      : null;
    const openCard = card && card.expiresAt.getTime() > now ? card : null;
    const device = summary && !openCard ? await findDeviceByTypedCode(db, keys, summary.memberId, code, now) : null;
    if (summary && openCard) {
      await refundBoth();
      // The same credential as the card's QR: whichever is used first, the other is used up.
      const credential = { credentialId: `qr:${openCard.tokenId}`, memberId: summary.memberId, expiresAt: openCard.expiresAt };
      return { summary, credential: { ...credential, device: null } } as const;
    }
    if (summary && device?.timing === "current") {
      await refundBoth();
      return { summary, credential: deviceCredential(device.device, device.window) } as const;
    }
    if (byStaff.remainingAfterFailure === 0 || byMember.remainingAfterFailure === 0) {
      // Someone is trying codes: worth a person's attention, not only a pause.
      log.error("manual code guessing: a failure limit tripped", {
        staffId,
        staffLimit: byStaff.remainingAfterFailure === 0,
        memberLimit: byMember.remainingAfterFailure === 0,
      });
    }
    // A code that was this member's recently: staff can tell the customer to show a new one.
    if (card || device) return { expired: true } as const;
    return { invalid: true } as const;
  } catch (error) {
    await refundBoth();
    throw error;
  }
}

const recordDependencies = (c: Context<AppEnv>): ActionRecordDependencies => ({
  db: c.env.DB,
  merchant: c.get("merchant"),
  outbox: c.get("outbox"),
  log: c.get("log"),
});

/** A check-in or award answer: 201 when the merchant applied it, 202 when accepted for later. */
const actionAnswer = (what: string) => ({
  schema: StaffActionResponse,
  status: 201 as 201 | 202,
  what,
  statusOf: (answer: StaffActionResponse) => (answer.applied === "later" ? 202 : 201) as 201 | 202,
});

/**
 * A check-in or award the merchant could not take because it is down: stored to be applied once
 * it is back (bff/staff/deferred-writes.ts), under the same key, and answered 202 "later" with
 * the member as last known. Null when the error is no outage, or the member was never read.
 */
async function acceptForLater(
  c: Context<AppEnv>,
  error: unknown,
  request: Omit<DeferredWriteRequest, "memberNumber">,
  keep: (answer: StaffActionResponse) => Promise<void>,
): Promise<{ accepted: boolean; response: Response } | null> {
  if (!(error instanceof UpstreamError) || !error.isOutage) return null;
  const snapshot = await readMemberSnapshot(c.env.DB, request.scan.memberId);
  if (!snapshot) return null;
  const deferred = await deferRegisterWrite(
    { db: c.env.DB, queue: c.env.DELIVERY_QUEUE, log: c.get("log") },
    { ...request, memberNumber: snapshot.summary.memberNumber },
  );
  if ("conflict" in deferred) {
    const response = refuse(c, 422, "idempotency_conflict", "This Idempotency-Key was already used for another action");
    return { accepted: false, response };
  }
  const body: StaffActionResponse = {
    action: {
      kind: request.kind,
      points: null,
      balance: null,
      storeId: request.store.storeId,
      occurredAt: new Date(deferred.acceptedAt).toISOString(),
      purchaseAmountYen: "purchaseAmountYen" in request.body ? request.body.purchaseAmountYen : null,
    },
    member: memberView(snapshot.summary),
    lineNotice: "none",
    applied: "later",
  };
  await keep(body);
  return { accepted: true, response: c.json(body, 202) };
}

/** The staff screen's API: scan a member card once, then check in or award/redeem points. */
export const staffRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .use(requireStaff())
  .get("/me", (c) => {
    const { name, stores, roles } = c.get("staff");
    const body: StaffMeResponse = { name, stores, console: roles?.includes(ADMIN_ROLE) ?? false };
    return c.json(body, 200);
  })
  .post("/scans", validate("json", ScanRequest), async (c) => {
    const merchant = c.get("merchant");
    const request = c.req.valid("json");
    const keys = await memberCardKeys(c.env.MEMBER_CARD_SECRET);

    let credential: ScannedCredential;
    let summary: MemberSummary | null = null;
    let stillLinked: LineLink | null = null;
    /** Set when the merchant could not be reached and the last known summary answers instead. */
    let snapshotAt: number | null = null;
    // A signed QR (device or server) names its member without the merchant: when the merchant is
    // down, the last summary and link the BFF read for this member stand in, marked with their time.
    const readMember = async (memberId: string) => {
      try {
        summary = await merchant.getMemberSummary(memberId);
        stillLinked = summary ? await merchant.getMemberLineLink(summary.memberId) : null;
      } catch (error) {
        const snapshot = error instanceof UpstreamError ? await readMemberSnapshot(c.env.DB, memberId) : null;
        if (!snapshot) throw error;
        summary = snapshot.summary;
        stillLinked = snapshot.link;
        snapshotAt = snapshot.fetchedAt;
        return;
      }
      if (summary && stillLinked) await saveMemberSnapshot(c.env.DB, summary, stillLinked);
    };
    const expiredAnswer = () => refuse(c, 410, "card_expired", "This code has expired: ask the customer to refresh their card");
    if ("token" in request && parseDeviceCardCode(request.token)) {
      const opened = await openDeviceQr(c, request.token);
      if ("expired" in opened) return expiredAnswer();
      if ("invalid" in opened) return refuse(c, 422, "card_invalid", "This is not a valid member card code");
      credential = opened.credential;
      await readMember(credential.memberId);
    } else if ("token" in request) {
      const opened = await openMemberCardToken(keys, request.token);
      if (!opened.ok && opened.reason === "expired") return expiredAnswer();
      if (!opened.ok) return refuse(c, 422, "card_invalid", "This is not a valid member card code");
      credential = { credentialId: `qr:${opened.tokenId}`, memberId: opened.memberId, expiresAt: opened.expiresAt, device: null };
      await readMember(opened.memberId);
    } else {
      const typed = await openCardByTypedCode(c, request.memberNumber, request.code);
      if ("paused" in typed) {
        return refuse(c, 429, "rate_limited", "Too many wrong codes: scan the QR code, or try again later", typed.paused);
      }
      if ("expired" in typed) return expiredAnswer();
      if ("invalid" in typed) {
        return refuse(c, 422, "card_invalid", "The member number and code do not match a card on screen");
      }
      credential = typed.credential;
      summary = typed.summary;
      stillLinked = summary ? await merchant.getMemberLineLink(summary.memberId) : null;
      if (summary && stillLinked) await saveMemberSnapshot(c.env.DB, summary, stillLinked);
    }
    // A card issued before the member unlinked must not work afterwards; a phone's key works
    // only for the LINE user and the link it was registered under.
    const device = credential.device;
    const deviceStillBound =
      !device || (stillLinked?.lineUserId === device.lineUserId && stillLinked.linkedAt === device.linkedAt);
    if (device && !deviceStillBound) await revokeCardDevice(c.env.DB, device.lineUserId, device.deviceId);
    if (!summary || !stillLinked || !deviceStillBound) {
      return refuse(c, 422, "member_unlinked", "This membership is no longer linked to LINE: ask the customer to link again");
    }
    const scan = await consumeCardCredential(c.env.DB, credential, c.get("staff").staffId, stillLinked.linkedAt);
    if (!scan) return refuse(c, 409, "card_used", "This code was already used: ask the customer to refresh their card");
    if (device) await touchCardDevice(c.env.DB, device.deviceId);

    c.get("log").info("member card scanned", { via: "token" in request ? "qr" : "code", key: device ? "device" : "server" });
    const body: ScanResponse = {
      scanId: scan.scanId,
      member: memberView(summary),
      actUntil: new Date(scan.scannedAt + SCAN_ACTION_WINDOW_MS).toISOString(),
      ...(snapshotAt === null ? {} : { source: "snapshot" as const, memberAsOf: new Date(snapshotAt).toISOString() }),
    };
    return c.json(body, 201);
  })
  .post("/scans/:scanId/check-ins", validate("header", IdempotencyHeaders), validate("json", CheckInActionRequest), async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const request = c.req.valid("json");
    const scanId = c.req.param("scanId");
    const scope = { scope: "staff.check_in", subject: c.get("staff").staffId, key };
    return withIdempotency(c, scope, { scanId, ...request }, actionAnswer("check-in"), async (keep) => {
      const context = await actionContext(c, scanId, request.storeId);
      if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
      const { scan, store } = context;
      // One check-in per scan, whatever the key: a second tap must not record a second visit.
      const checkInTaken = await claimScanCheckIn(c.env.DB, scan.scanId);
      if (!checkInTaken) return refuse(c, 409, "already_checked_in", "This customer was already checked in with this scan");
      const merchant = c.get("merchant");
      const merchantRequest = { storeId: store.storeId, staffId: scan.staffId };
      // The key as the merchant sees it, scoped to this staff member's LINE user; a write deferred
      // during an outage and its card action use the same one.
      const merchantKey = await merchantIdempotencyKey(c.get("lineUserId"), key);
      try {
        let checkIn: Awaited<ReturnType<typeof merchant.createCheckIn>>;
        let summary: MemberSummary | null;
        try {
          checkIn = await merchant.createCheckIn(scan.memberId, merchantRequest, merchantKey);
          summary = checkIn && !("refused" in checkIn) ? await merchant.getMemberSummary(scan.memberId) : null;
        } catch (error) {
          // The merchant may have taken it before failing: the same key applies it once either way.
          const later = await acceptForLater(
            c,
            error,
            { kind: "check_in", key: merchantKey, store, scan, body: merchantRequest },
            keep,
          );
          if (!later) throw error;
          if (!later.accepted) await checkInTaken.release();
          return later.response;
        }
        if (!checkIn || "refused" in checkIn || !summary) {
          await checkInTaken.release();
          if (checkIn && "refused" in checkIn) return refuse(c, 422, checkIn.refused, checkIn.message);
          return refuse(c, 404, "not_found", "This member no longer exists");
        }
        const action: MemberCardAction = {
          kind: "check_in",
          storeId: store.storeId,
          storeName: store.name,
          points: null,
          balance: summary.points.balance,
          occurredAt: Date.parse(checkIn.occurredAt),
        };
        // Recorded before the answer is kept: a retry after a crash records nothing new.
        const { lineNotice, actionId } = await recordAppliedAction(
          recordDependencies(c),
          actionKey("check_in", merchantKey),
          scan,
          action,
          {
            merchantActionId: checkIn.checkInId,
            memberNumber: summary.memberNumber,
            purchaseAmountYen: null,
          },
        );
        const body: StaffActionResponse = {
          lineNotice,
          action: {
            kind: "check_in",
            points: null,
            balance: summary.points.balance,
            storeId: store.storeId,
            occurredAt: checkIn.occurredAt,
            actionId,
            purchaseAmountYen: null,
            voidableUntil: new Date(scan.scannedAt + SCAN_ACTION_WINDOW_MS).toISOString(),
          },
          member: memberView(summary),
          applied: "now",
        };
        await keep(body);
        return c.json(body, 201);
      } catch (error) {
        await checkInTaken.release();
        throw error;
      }
    });
  })
  .post("/scans/:scanId/points", validate("header", IdempotencyHeaders), validate("json", PointsActionRequest), async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const request = c.req.valid("json");
    const scanId = c.req.param("scanId");
    const scope = { scope: "staff.points", subject: c.get("staff").staffId, key };
    const redeemRefused = () =>
      refuse(c, 503, "merchant_unavailable_redeem", "The store system cannot be reached: points cannot be used until it is back");
    try {
      return await withIdempotency(c, scope, { scanId, ...request }, actionAnswer("points action"), async (keep) => {
        const context = await actionContext(c, scanId, request.storeId);
        if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
        const { scan, store } = context;
        if (request.kind === "redeem" && context.merchantDown) return redeemRefused();
        const merchant = c.get("merchant");

        // The merchant's caps, per action and per scan: a mistyped (or dishonest) amount stops here
        // (while the merchant is down, the last caps it set).
        const caps = (await readStaffSettings(c.env.DB, merchant)).points;
        const [amount, perAction, perScan] =
          request.kind === "award"
            ? [request.purchaseAmountYen, caps.maxPurchaseYenPerAward, caps.maxPurchaseYenPerScan]
            : [request.points, caps.maxRedeemPointsPerAction, caps.maxRedeemPointsPerScan];
        if (amount > perAction) {
          return refuse(c, 422, "over_points_cap", `More than one ${request.kind} may be for (${perAction}): ask a manager`);
        }
        const allowance = await takeScanAllowance(c.env.DB, scan.scanId, request.kind, amount, perScan);
        if (!allowance) {
          return refuse(c, 422, "over_points_cap", `More than one scan may ${request.kind} in all (${perScan}): ask a manager`);
        }
        const merchantKey = await merchantIdempotencyKey(c.get("lineUserId"), key);
        try {
          let transaction: Awaited<ReturnType<typeof merchant.createPointTransaction>>;
          let summary: MemberSummary | null;
          try {
            transaction = await merchant.createPointTransaction(
              scan.memberId,
              { ...request, staffId: scan.staffId },
              merchantKey,
            );
            summary = transaction && !("refused" in transaction) ? await merchant.getMemberSummary(scan.memberId) : null;
          } catch (error) {
            // A redeem needs the balance now; an award can wait, under the same key.
            if (request.kind !== "award") throw error;
            const body = { ...request, staffId: scan.staffId };
            const later = await acceptForLater(c, error, { kind: "award", key: merchantKey, store, scan, body }, keep);
            if (!later) throw error;
            if (!later.accepted) await allowance.giveBack();
            return later.response;
          }
          if (!transaction || "refused" in transaction || !summary) {
            await allowance.giveBack();
            if (transaction && "refused" in transaction) return refuse(c, 422, transaction.refused, transaction.message);
            return refuse(c, 404, "not_found", "This member no longer exists");
          }
          const action: MemberCardAction = {
            kind: transaction.kind,
            storeId: store.storeId,
            storeName: store.name,
            points: transaction.points,
            balance: transaction.balance,
            occurredAt: Date.parse(transaction.occurredAt),
          };
          // Recorded before the answer is kept: a retry after a crash records nothing new.
          const purchaseAmountYen = request.kind === "award" ? request.purchaseAmountYen : null;
          const { lineNotice, actionId } = await recordAppliedAction(
            recordDependencies(c),
            actionKey(transaction.kind, merchantKey),
            scan,
            action,
            {
              merchantActionId: transaction.transactionId,
              memberNumber: summary.memberNumber,
              purchaseAmountYen,
            },
          );
          const body: StaffActionResponse = {
            lineNotice,
            action: {
              kind: transaction.kind,
              points: transaction.points,
              balance: transaction.balance,
              storeId: store.storeId,
              occurredAt: transaction.occurredAt,
              actionId,
              purchaseAmountYen,
              voidableUntil: new Date(scan.scannedAt + SCAN_ACTION_WINDOW_MS).toISOString(),
            },
            member: memberView(summary),
            applied: "now",
          };
          await keep(body);
          return c.json(body, 201);
        } catch (error) {
          await allowance.giveBack();
          throw error;
        }
      });
    } catch (error) {
      // A redeem needs the merchant's balance: nothing is spent until the store system answers.
      if (request.kind === "redeem" && error instanceof UpstreamError) return redeemRefused();
      throw error;
    }
  })
  .get("/scans/:scanId/award-preview", validate("query", AwardPreviewQuery), async (c) => {
    const staff = c.get("staff");
    const { purchaseAmountYen, storeId } = c.req.valid("query");
    if (!staff.stores.some((s) => s.storeId === storeId)) return refuse(c, 403, "forbidden", "You cannot act for this store");
    const scan = await findActionableScan(c.env.DB, c.req.param("scanId"), staff.staffId);
    if (!scan) return refuse(c, 404, "not_found", "Scan the member card again");
    // A preview only adds words to a question: when the merchant can't tell, staff confirm the amount alone.
    let points: number | null = null;
    try {
      points = await c.get("merchant").previewPointAward(scan.memberId, { purchaseAmountYen, storeId });
    } catch (error) {
      c.get("log").warn("award preview failed", { error: error instanceof Error ? error.message : String(error) });
    }
    const body: AwardPreviewResponse = { points };
    return c.json(body, 200);
  })
  .get("/actions", validate("query", TodaysActionsQuery), async (c) => {
    const staff = c.get("staff");
    const { storeId } = c.req.valid("query");
    if (!staff.stores.some((s) => s.storeId === storeId)) return refuse(c, 403, "forbidden", "You cannot act for this store");
    const now = Date.now();
    const actions = await todaysRegisterActions(c.env.DB, staff.staffId, storeId, now);
    const body: TodaysActionsResponse = { actions: actions.map((action) => registerActionView(action, now)) };
    return c.json(body, 200);
  })
  .post("/actions/:actionId/void", validate("header", IdempotencyHeaders), validate("param", StaffActionParams), async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const { actionId } = c.req.valid("param");
    const staff = c.get("staff");
    const scope = { scope: "staff.void", subject: staff.staffId, key };
    const firstAnswer = { schema: VoidActionResponse, status: 200, what: "void" } as const;
    return withIdempotency(c, scope, { actionId }, firstAnswer, async (keep) => {
      const db = c.env.DB;
      const action = await findRegisterAction(db, actionId);
      // Someone else's action is as unknown as a made-up id: nothing tells it exists.
      if (!action || action.staffId !== staff.staffId) return refuse(c, 404, "not_found", "No such action of yours");
      if (!staff.stores.some((s) => s.storeId === action.storeId)) {
        return refuse(c, 403, "forbidden", "You cannot act for this store");
      }
      if (action.voidedAt !== null) {
        const body: VoidActionResponse = { action: registerActionView(action, Date.now()), lineNotice: "none" };
        await keep(body);
        return c.json(body, 200);
      }
      if (Date.now() > action.voidableUntil) {
        return refuse(c, 422, "void_window_closed", "The scan's window has closed: this action can no longer be voided");
      }
      const merchant = c.get("merchant");
      const voided = await merchant.voidStaffAction(
        action.memberId,
        action.merchantActionId,
        { storeId: action.storeId, staffId: staff.staffId },
        await merchantIdempotencyKey(c.get("lineUserId"), key),
      );
      if (!voided) return refuse(c, 404, "not_found", "The merchant has no such action");
      if ("refused" in voided) {
        return voided.refused === "forbidden"
          ? refuse(c, 403, "forbidden", "The merchant does not let you void this action")
          : refuse(c, 422, voided.refused, voided.message);
      }
      const change = { at: Date.parse(voided.voidedAt), points: voided.points, balance: voided.balance };
      const firstTime = await markRegisterActionVoided(db, action, change);
      const lineNotice = await queueVoidMessage(c, action, change);
      if (!firstTime) c.get("log").info("void repeated", { kind: action.kind });
      const body: VoidActionResponse = {
        action: registerActionView(
          { ...action, voidedAt: change.at, voidPoints: change.points, voidBalance: change.balance },
          Date.now(),
        ),
        lineNotice,
      };
      await keep(body);
      return c.json(body, 200);
    });
  });

/** A recorded action as staff see it: the member number, never the member id. */
function registerActionView(action: RegisterAction, now: number): RegisterActionView {
  const voided =
    action.voidedAt === null
      ? null
      : { at: new Date(action.voidedAt).toISOString(), points: action.voidPoints ?? 0, balance: action.voidBalance ?? 0 };
  return {
    actionId: action.actionId,
    kind: action.kind,
    memberNumber: action.memberNumber,
    points: action.points,
    purchaseAmountYen: action.purchaseAmountYen,
    occurredAt: new Date(action.occurredAt).toISOString(),
    voided,
    voidableUntil: voided || now > action.voidableUntil ? null : new Date(action.voidableUntil).toISOString(),
  };
}

/**
 * The customer's LINE message about a void, in the outbox under the action's id (so a repeated
 * void records none), to the LINE user the scan saw: a member linked to someone else since is
 * not told through the new account.
 */
async function queueVoidMessage(
  c: Context<AppEnv>,
  action: RegisterAction,
  voided: { points: number; balance: number },
): Promise<"queued" | "none"> {
  const link = await c.get("merchant").getMemberLineLink(action.memberId);
  if (!link || link.linkedAt !== action.scanLinkedAt) return "none";
  const notice = await c.get("outbox").push({
    id: `card-action-void:${action.actionId}`,
    kind: action.kind === "check_in" ? "card_check_in" : "card_points",
    to: link.lineUserId,
    messages: [
      voidedActionMessage(
        { kind: action.kind, storeName: action.storeName, points: voided.points, balance: voided.balance },
        await languageOf(c.env.DB, link.lineUserId),
      ),
    ],
  });
  return publicNotice(notice);
}
