import { Hono, type Context } from "hono";
import {
  CheckInActionRequest,
  IdempotencyHeaders,
  PointsActionRequest,
  ScanRequest,
  type ScanResponse,
  type StaffActionResponse,
  type StaffMeResponse,
} from "../../shared/api.ts";
import type { MemberSummary } from "../../shared/merchant-contract.ts";
import { memberCardKeys } from "../card/keys.ts";
import { cardActionMessage } from "../card/messages.ts";
import { checkMemberCardCode, openMemberCardToken } from "../card/member-card-token.ts";
import {
  consumeCardCredential,
  findActionableScan,
  recordCardAction,
  SCAN_ACTION_WINDOW_MS,
  type MemberCardAction,
  type MemberCardScan,
} from "../card/scans.ts";
import type { AppEnv } from "../env.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { refuse } from "../lib/refuse.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireStaff } from "../middleware/require-staff.ts";
import { publicNotice } from "../delivery/outbox.ts";


const memberView = (summary: MemberSummary) => {
  const status = linkStatusOf(summary);
  if (status.status !== "linked") throw new Error("a summary always makes a linked status");
  return status.member;
};

/** The scan this staff member may act on, with the store they act for (which must be theirs). */
async function actionContext(c: Context<AppEnv>, scanId: string, storeId: string) {
  const staff = c.get("staff");
  const store = staff.stores.find((s) => s.storeId === storeId);
  if (!store) return { refused: { status: 403, code: "forbidden", message: "You cannot act for this store" } } as const;
  const scan = await findActionableScan(c.env.DB, scanId, staff.staffId);
  if (!scan) return { refused: { status: 404, code: "not_found", message: "Scan the member card again" } } as const;
  return { scan, store } as const;
}

/** Records the action for the customer's card and its LINE message in the outbox, once per idempotency key. */
async function afterAction(c: Context<AppEnv>, key: string, scan: MemberCardScan, action: MemberCardAction): Promise<"queued" | "none"> {
  const firstTime = await recordCardAction(c.env.DB, key, scan, action);
  const link = await c.get("merchant").getMemberLineLink(scan.memberId);
  if (!link) return "none";
  // Keyed by the action's own key: a retried action records nothing new, even if the first
  // attempt died between recording the action and recording its message.
  const notice = await c.get("outbox").push({
    id: `card-action:${action.kind}:${key}`,
    kind: action.kind === "check_in" ? "card_check_in" : "card_points",
    to: link.lineUserId,
    messages: [cardActionMessage(action)],
  });
  if (!firstTime) c.get("log").info("card action repeated", { kind: action.kind });
  return publicNotice(notice);
}

/** The staff screen's API: scan a member card once, then check in or award/redeem points. */
export const staffRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .use(requireStaff())
  .get("/me", (c) => {
    const { name, stores } = c.get("staff");
    const body: StaffMeResponse = { name, stores };
    return c.json(body, 200);
  })
  .post("/scans", validate("json", ScanRequest), async (c) => {
    const merchant = c.get("merchant");
    const request = c.req.valid("json");
    const keys = await memberCardKeys(c.env.MEMBER_CARD_SECRET);

    let credential: { credentialId: string; memberId: string; expiresAt: Date };
    let summary: MemberSummary | null;
    if ("token" in request) {
      const opened = await openMemberCardToken(keys, request.token);
      if (!opened.ok && opened.reason === "expired") {
        return refuse(c, 410, "card_expired", "This code has expired: ask the customer to refresh their card");
      }
      if (!opened.ok) return refuse(c, 422, "card_invalid", "This is not a valid member card code");
      credential = { credentialId: `qr:${opened.tokenId}`, memberId: opened.memberId, expiresAt: opened.expiresAt };
      summary = await merchant.getMemberSummary(opened.memberId);
    } else {
      const checked = await checkMemberCardCode(keys, request.memberNumber, request.code);
      summary = checked.ok ? await merchant.getMemberByNumber(request.memberNumber) : null;
      if (!checked.ok || !summary) {
        return refuse(c, 422, "card_invalid", "The member number and code do not match a card on screen");
      }
      credential = {
        credentialId: checked.codeId,
        memberId: summary.memberId,
        expiresAt: new Date(Date.now() + 60_000),
      };
    }
    // A card issued before the member unlinked must not work afterwards.
    const stillLinked = summary ? await merchant.getMemberLineLink(summary.memberId) : null;
    if (!summary || !stillLinked) {
      return refuse(c, 422, "member_unlinked", "This membership is no longer linked to LINE: ask the customer to link again");
    }
    const scan = await consumeCardCredential(c.env.DB, credential, c.get("staff").staffId);
    if (!scan) return refuse(c, 409, "card_used", "This code was already used: ask the customer to refresh their card");

    c.get("log").info("member card scanned", { via: "token" in request ? "qr" : "code" });
    const body: ScanResponse = {
      scanId: scan.scanId,
      member: memberView(summary),
      actUntil: new Date(scan.scannedAt + SCAN_ACTION_WINDOW_MS).toISOString(),
    };
    return c.json(body, 201);
  })
  .post(
    "/scans/:scanId/check-ins",
    validate("header", IdempotencyHeaders),
    validate("json", CheckInActionRequest),
    async (c) => {
      const key = c.req.valid("header")["idempotency-key"];
      const context = await actionContext(c, c.req.param("scanId"), c.req.valid("json").storeId);
      if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
      const { scan, store } = context;
      const merchant = c.get("merchant");
      const checkIn = await merchant.createCheckIn(scan.memberId, { storeId: store.storeId, staffId: scan.staffId }, key);
      if (!checkIn) return refuse(c, 404, "not_found", "This member no longer exists");
      if ("refused" in checkIn) return refuse(c, 422, checkIn.refused, checkIn.message);
      const summary = await merchant.getMemberSummary(scan.memberId);
      if (!summary) return refuse(c, 404, "not_found", "This member no longer exists");
      const action: MemberCardAction = {
        kind: "check_in",
        storeId: store.storeId,
        storeName: store.name,
        points: null,
        balance: summary.points.balance,
        occurredAt: Date.parse(checkIn.occurredAt),
      };
      const lineNotice = await afterAction(c, key, scan, action);
      const body: StaffActionResponse = {
        lineNotice,
        action: { kind: "check_in", points: null, balance: summary.points.balance, storeId: store.storeId, occurredAt: checkIn.occurredAt },
        member: memberView(summary),
      };
      return c.json(body, 201);
    },
  )
  .post(
    "/scans/:scanId/points",
    validate("header", IdempotencyHeaders),
    validate("json", PointsActionRequest),
    async (c) => {
      const key = c.req.valid("header")["idempotency-key"];
      const request = c.req.valid("json");
      const context = await actionContext(c, c.req.param("scanId"), request.storeId);
      if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
      const { scan, store } = context;
      const merchant = c.get("merchant");
      const transaction = await merchant.createPointTransaction(
        scan.memberId,
        { ...request, staffId: scan.staffId },
        key,
      );
      if (!transaction) return refuse(c, 404, "not_found", "This member no longer exists");
      if ("refused" in transaction) return refuse(c, 422, transaction.refused, transaction.message);
      const summary = await merchant.getMemberSummary(scan.memberId);
      if (!summary) return refuse(c, 404, "not_found", "This member no longer exists");
      const action: MemberCardAction = {
        kind: transaction.kind,
        storeId: store.storeId,
        storeName: store.name,
        points: transaction.points,
        balance: transaction.balance,
        occurredAt: Date.parse(transaction.occurredAt),
      };
      const lineNotice = await afterAction(c, key, scan, action);
      const body: StaffActionResponse = {
        lineNotice,
        action: {
          kind: transaction.kind,
          points: transaction.points,
          balance: transaction.balance,
          storeId: store.storeId,
          occurredAt: transaction.occurredAt,
        },
        member: memberView(summary),
      };
      return c.json(body, 201);
    },
  );
