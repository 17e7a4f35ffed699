import { Hono } from "hono";
import {
  CardActivityQuery,
  CardDeviceId,
  MemberCardQuery,
  RegisterCardDeviceRequest,
  type CardActivityResponse,
  type CardDevicesResponse,
  type MemberCardResponse,
  type RegisterCardDeviceResponse,
} from "../../shared/api.ts";
import { errorBody } from "../../shared/errors.ts";
import {
  findCardDevice,
  importCardDevicePublicKey,
  isCardDeviceActive,
  listCardDevices,
  mayRegisterCardDevice,
  registerCardDevice,
  revokeCardDevice,
  touchCardDevice,
} from "../card/devices.ts";
import type { LineLink, MemberSummary } from "../../shared/merchant-contract.ts";
import { memberCardKeys } from "../card/keys.ts";
import { forgetMemberSnapshotsOfLineUser, readMemberSnapshotOfLineUser, saveMemberSnapshot } from "../card/member-snapshot.ts";
import { issueMemberCardToken, memberCardCodeMac, newMemberCardCode } from "../card/member-card-token.ts";
import {
  cardActivityAfter,
  cardActivityNow,
  decodeCardActivityCursor,
  encodeCardActivityCursor,
  recordMemberCardCode,
} from "../card/scans.ts";
import type { AppEnv } from "../env.ts";
import { UpstreamError } from "../lib/errors.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { refuse } from "../lib/refuse.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";

/** The card refreshes at half the token's life: a code on screen always has 30 s or more left. */
const REFRESH_AFTER_SECONDS = 30;

/**
 * The customer's member card: a fresh QR token each call (the fallback for phones without a
 * card key), the phones whose keys sign its codes, and what staff did with it.
 */
export const cardRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/", validate("query", MemberCardQuery), async (c) => {
    const merchant = c.get("merchant");
    const lineUserId = c.get("lineUserId");
    let link: LineLink | null;
    let summary: MemberSummary | null;
    /** Set when the merchant could not be reached and the last known member answers instead. */
    let snapshotAt: number | null = null;
    try {
      link = await merchant.getLineLink(lineUserId);
      summary = link ? await merchant.getMemberSummary(link.memberId) : null;
      if (link && summary) await saveMemberSnapshot(c.env.DB, summary, link);
      else await forgetMemberSnapshotsOfLineUser(c.env.DB, lineUserId);
    } catch (error) {
      // The card needs no merchant: the member this LINE user was last linked to, marked "as of".
      const snapshot =
        error instanceof UpstreamError && error.isOutage ? await readMemberSnapshotOfLineUser(c.env.DB, lineUserId) : null;
      if (!snapshot) throw error;
      link = snapshot.link;
      summary = snapshot.summary;
      snapshotAt = snapshot.fetchedAt;
    }
    const status = linkStatusOf(summary);
    if (!summary || status.status !== "linked") {
      return c.json(errorBody("not_linked", "Link a membership to get a member card", { requestId: c.get("requestId") }), 404);
    }
    const keys = await memberCardKeys(c.env.MEMBER_CARD_SECRET);
    const issued = await issueMemberCardToken(keys, summary.memberId);
    // The typed code belongs to this card alone: recorded with its token id, it dies with it.
    const code = newMemberCardCode();
    await recordMemberCardCode(c.env.DB, {
      tokenId: issued.tokenId,
      memberId: summary.memberId,
      codeMac: await memberCardCodeMac(keys, summary.memberId, code),
      expiresAt: issued.expiresAt,
    });
    // The phone's card key, if it named one: seen now (its expiry moves on), or to be dropped.
    const deviceId = c.req.valid("query").device;
    let device: MemberCardResponse["device"];
    if (deviceId !== undefined) {
      const found = await findCardDevice(c.env.DB, deviceId);
      const mine = found && found.lineUserId === c.get("lineUserId") && found.memberId === summary.memberId;
      device =
        !found || !mine ? "unknown" : isCardDeviceActive(found) && found.linkedAt === link?.linkedAt ? "active" : "revoked";
      if (device === "active") await touchCardDevice(c.env.DB, deviceId);
    }
    c.header("cache-control", "no-store");
    const body: MemberCardResponse = {
      member: status.member,
      token: issued.token,
      tokenExpiresAt: issued.expiresAt.toISOString(),
      code,
      codeExpiresAt: issued.expiresAt.toISOString(),
      refreshAfterSeconds: REFRESH_AFTER_SECONDS,
      device,
      serverTime: new Date().toISOString(),
      ...(snapshotAt === null ? {} : { source: "snapshot" as const, memberAsOf: new Date(snapshotAt).toISOString() }),
    };
    return c.json(body, 200);
  })
  .post("/devices", validate("json", RegisterCardDeviceRequest), async (c) => {
    const lineUserId = c.get("lineUserId");
    const link = await c.get("merchant").getLineLink(lineUserId);
    if (!link) return refuse(c, 404, "not_linked", "Link a membership to get a member card");
    if (!(await mayRegisterCardDevice(c.env.DB, lineUserId))) {
      return refuse(
        c,
        429,
        "rate_limited",
        "Too many phones registered in the last hour; the card works with server codes meanwhile",
        3600,
      );
    }
    const request = c.req.valid("json");
    if (!(await importCardDevicePublicKey(request.publicKey))) {
      return refuse(c, 400, "bad_request", "The public key is not a point on P-256");
    }
    const keys = await memberCardKeys(c.env.MEMBER_CARD_SECRET);
    const registered = await registerCardDevice(c.env.DB, keys, {
      lineUserId,
      memberId: link.memberId,
      linkedAt: link.linkedAt,
      publicKey: request.publicKey,
      label: request.label,
    });
    c.get("log").info("card device registered");
    c.header("cache-control", "no-store");
    const body: RegisterCardDeviceResponse = { ...registered, serverTime: new Date().toISOString() };
    return c.json(body, 201);
  })
  .get("/devices", async (c) => {
    const devices = await listCardDevices(c.env.DB, c.get("lineUserId"));
    const body: CardDevicesResponse = {
      devices: devices.map((device) => ({
        deviceId: device.deviceId,
        label: device.label,
        createdAt: new Date(device.createdAt).toISOString(),
        lastSeenAt: new Date(device.lastSeenAt).toISOString(),
      })),
    };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  })
  .delete("/devices/:deviceId", async (c) => {
    const deviceId = CardDeviceId.safeParse(c.req.param("deviceId"));
    // Someone else's device is as unknown as a made-up one: nothing tells the two apart.
    if (!deviceId.success || !(await revokeCardDevice(c.env.DB, c.get("lineUserId"), deviceId.data))) {
      return refuse(c, 404, "not_found", "No such device among yours");
    }
    c.get("log").info("card device revoked");
    return c.body(null, 204);
  })
  .get("/activity", validate("query", CardActivityQuery), async (c) => {
    const merchant = c.get("merchant");
    const link = await merchant.getLineLink(c.get("lineUserId"));
    if (!link) return c.json(errorBody("not_linked", "Not linked", { requestId: c.get("requestId") }), 404);
    const { cursor } = c.req.valid("query");
    if (cursor === undefined) {
      return c.json({ activities: [], cursor: encodeCardActivityCursor(cardActivityNow()) } satisfies CardActivityResponse, 200);
    }
    const { actions, next } = await cardActivityAfter(c.env.DB, link.memberId, decodeCardActivityCursor(cursor));
    const body: CardActivityResponse = {
      cursor: encodeCardActivityCursor(next),
      activities: actions.map((action) => ({
        kind: action.kind,
        storeName: action.storeName,
        points: action.points,
        balance: action.balance,
        occurredAt: new Date(action.occurredAt).toISOString(),
      })),
    };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  });
