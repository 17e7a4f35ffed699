import type { z } from "zod";
import {
  ACCOUNT_LINK_NONCE_LIFETIME_MINUTES,
  CouponGrantedEvent,
  MERCHANT_HOOK_TOLERANCE_SECONDS,
  OrderStatusChangedEvent,
  PointsChangedEvent,
  PointsExpiringEvent,
  STAFF_ACTION_VOID_WINDOW_MINUTES,
} from "./merchant-contract.ts";

// The prose of the merchant contract: the rules that hold across operations (errors,
// idempotency, pagination, time, reservations, orders), the events the merchant sends and the
// account-link page it hosts. shared/openapi.ts puts it in the OpenAPI document; the operation
// table in merchant-contract.ts points at these sections by name.

/** The contract's version (semver): a new operation or field is a minor, a change that breaks a merchant a major. */
export const MERCHANT_CONTRACT_VERSION = "1.1.0";

/** What changed in each version, newest first (docs/merchant-contract-changelog.md says the same in prose). */
export const merchantContractChangelog: ReadonlyArray<{ version: string; date: string; changes: readonly string[] }> = [
  {
    version: "1.1.0",
    date: "2026-12-01",
    changes: [
      "Every operation lists its 400 (bad_request) and 401 (unauthorized) answers, and each error answer the ErrorBody " +
        "codes it may carry (x-error-codes; the table operationErrorCodes in shared/merchant-contract.ts).",
      "New section Errors: a code outside an operation's list is off the contract and the customer gets 502. The BFF " +
        "now checks every error code against the list (before, a 404 or 409 with another known code was taken as the listed one).",
      "New section Idempotency, pointed at by every operation that takes an Idempotency-Key; 409 request_in_progress " +
        "is a documented answer to a request whose key is still in flight.",
      "The BFF scopes the Idempotency-Keys the app chose per customer (u1_…) before sending them: no format change.",
      "Merchant events are OpenAPI webhooks (order.status_changed, points.changed, coupon.granted, points.expiring), " +
        "with their signature headers, answers, retries and when to send them and when not.",
      "The account-link login page the merchant hosts is documented (section Account-link page).",
      "Pagination defaults, maxima and cursors; time zones; reservation windows, listed slots and order; the first " +
        "order status.",
      "Examples on every operation. info.version is the contract's own version (it was the app's, 0.1.0).",
    ],
  },
  {
    version: "1.0.0",
    date: "2026-11-22",
    changes: [
      "The contract as first published (and grown since, up to 43 operations): the operations, ErrorBody and the MerchantEvent schema.",
    ],
  },
];

/** The writes the BFF makes itself, and tells the member about itself: the merchant never echoes them as events. */
export const BFF_OWN_WRITES = {
  points: ["createPointTransaction", "voidStaffAction"],
  coupons: ["grantCoupon"],
  orders: ["createOrder"],
} as const;

export interface MerchantEventRule {
  type: string;
  schema: z.ZodType;
  summary: string;
  send: string;
  doNotSend: string;
}

/** When the merchant sends each event (POST {BFF}/hooks/merchant), and when it must not. */
export const merchantEventRules: readonly MerchantEventRule[] = [
  {
    type: "order.status_changed",
    schema: OrderStatusChangedEvent,
    summary: "An order's status changed: the member gets a LINE message (shipped: with the tracking link)",
    send:
      "Each time an order of a linked member moves to confirmed, shipped, ready_for_pickup, delivered or cancelled, " +
      "whichever channel it was placed on (the app, the web shop, a store). One event per change.",
    doNotSend:
      "For status placed (the schema refuses it): the BFF confirms orders placed through createOrder itself. Not for a " +
      "save that leaves the status as it was.",
  },
  {
    type: "points.changed",
    schema: PointsChangedEvent,
    summary: "A member's balance changed by the merchant's own doing: the member gets a LINE message",
    send:
      "When points are added or taken by the merchant's own systems: earned online (an order delivered), earned or " +
      "used at a register that does not go through the BFF, expired, adjusted (a campaign, a correction), a signup bonus.",
    doNotSend:
      `Never for a write the BFF made itself: ${BFF_OWN_WRITES.points.join(" and ")} (the staff screen's award, ` +
      "redemption and void at the register). The BFF has already told the member; an event would send them a second " +
      "LINE message.",
  },
  {
    type: "coupon.granted",
    schema: CouponGrantedEvent,
    summary: "The merchant granted a member a coupon on its own: the BFF reads it (getMemberCoupon) and sends it",
    send: "When the merchant's own system grants a coupon: its own campaigns, the welcome coupon on a first link.",
    doNotSend:
      `Never for a coupon granted through ${BFF_OWN_WRITES.coupons.join(", ")} (the BFF's birthday job and console ` +
      "campaigns): the BFF sends that coupon's message itself. (The BFF sends one message per couponId, so an echo is " +
      "not a second message, but it is a wasted call.)",
  },
  {
    type: "points.expiring",
    schema: PointsExpiringEvent,
    summary: "Some of a member's points expire soon: one reminder per expiry batch",
    send:
      "Some days before a batch of a linked member's points expires, once per batch (batchId). Optional: the BFF also " +
      "finds batches itself with listPointsExpiryCandidates; the member hears of a batch once, whichever comes first, " +
      "as long as both use the same batchId.",
    doNotSend: "Again for a batch already sent (a retry of the same eventId is fine), or for points already expired.",
  },
];

const bullet = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join("\n");

/** The Markdown of the document's description: every rule that holds across operations. */
export function merchantContractGuide(
  pagedOperations: ReadonlyArray<{ operationId: string; defaultLimit: number; maxLimit: number; order: string }>,
  idempotentOperations: readonly string[],
): string {
  return [
    `The HTTP API a merchant implements so the LINE membership BFF can serve its members (version ${MERCHANT_CONTRACT_VERSION}; see Changelog below).`,
    "Every request carries `Authorization: Bearer <merchant API key>` and, for tracing, `X-Request-Id`; every body is JSON. " +
      "The sandbox merchant (`test/fakes/sandbox-merchant/`) is the reference implementation: it answers as this document says.",
    "## Errors",
    bullet([
      "Every error answer is an `ErrorBody` (`application/json`): `error.code` is one of the codes the operation lists for that status " +
        "(`x-error-codes` on each answer), `error.message` is English for logs. The BFF never shows the message: it words the refusal itself from the code.",
      "400 `bad_request`: a parameter, the body, an `Idempotency-Key`, a `limit` or a `cursor` is not valid; `issues` names the fields. " +
        "The BFF validates before it sends, so it expects a 400 only for a cursor the customer's app brought back too late " +
        "(`listPointHistory`, `listOrders`): the app then starts again from the first page.",
      "401 `unauthorized`: the API key is missing or wrong (send `WWW-Authenticate: Bearer`). `authenticateMember` also answers 401 when no member matches.",
      '404 `not_found`: also for a resource that exists but belongs to another member (never 403): the BFF reads it as "no such thing for this member".',
      "403, 409 and 422 carry the codes listed per operation; the BFF acts on each (it tells the customer or the staff member what happened).",
      "**A code outside the operation's list is off the contract, and the customer gets 502.** So are a status the operation does not list, a body that " +
        "is not an ErrorBody (a code the ErrorBody enum does not know included: an unlinked user's `GET /api/me` became 502 when a merchant answered " +
        "`getLineLink` 404 with a code of its own), any 3xx (the BFF never follows a redirect with its key) and any 5xx. No answer within the BFF's " +
        "timeout (`MERCHANT_TIMEOUT_MS`, 3 s) becomes 504.",
      "The machine-readable table of codes is `operationErrorCodes` in `shared/merchant-contract.ts`: operation → status → codes.",
    ]),
    "## Idempotency",
    `These operations take an \`Idempotency-Key\` header: ${idempotentOperations.map((id) => `\`${id}\``).join(", ")}. For each:`,
    bullet([
      "**Key**: 16 to 128 characters of `A-Z a-z 0-9 _ -`. A missing or malformed key is refused with 400 `bad_request`.",
      "**Scope**: the API key, the operation and the key. The same key on two operations is two unrelated keys.",
      "**The same request**: the same path parameters (the same member, reservation, coupon…) and a body equal as JSON values: canonical JSON, " +
        "where key order, white space and number spelling do not matter, and fields the contract does not define are ignored. " +
        "An operation without a body (`cancelReservation`) is identified by the key and its path alone: the same key on another reservation is a conflict.",
      "**The same key, the same request**: answer the first answer again (status and body), and do nothing again.",
      "**The same key, another request**: 422 `idempotency_conflict`; nothing is done.",
      "**What is kept**: successful answers (2xx), for at least 24 hours after the first. Refusals (4xx) are not kept: the same key with the same request " +
        "is tried afresh (after the member tops up points, the same key may succeed). 5xx and timeouts are not kept either, and the work and its record " +
        "commit together or not at all: the BFF retries with the same key, and must get either the first answer or a fresh attempt, never a second write.",
      "**In flight**: two requests with the same key must never both do the work. Either make the second wait for the first and answer it the first " +
        "answer (the sandbox does: each keyed write is one transaction), or answer it 409 `request_in_progress` with `Retry-After`. The BFF sends a key " +
        "again only after its earlier request with it was answered or timed out (`MERCHANT_TIMEOUT_MS`), so a slow merchant may see a key again while " +
        "still at work on it. The BFF passes a 409 `request_in_progress` on as a temporary failure (the customer sees 502, and their retry brings the same key).",
      '**Keys the BFF sends**: a key the customer\'s app chose is scoped to the customer before it is sent: `u1_` + base64url(SHA-256(lineUserId + ":" + appKey)), ' +
        "46 characters. Two customers whose apps pick the same key never meet at the merchant, and a customer's retry still brings the same key. " +
        "Keys the BFF derives from a cause (the birthday job: SHA-256 hex of `birthday:<memberId>:<year>`; console campaigns: of " +
        "`campaign:<campaignId>:<memberId>`) are sent as they are.",
      "`grantCoupon`'s `grantKey` is not an Idempotency-Key: it makes a grant happen once ever, not for 24 hours.",
    ]),
    "## Pagination",
    bullet([
      "A paged list answers `nextCursor`: pass it back unchanged as `cursor` for the next page; null on the last page. Cursors are opaque to the BFF: " +
        "the merchant may encode whatever it needs (the sandbox encodes the last entry's sort key).",
      "`limit` is optional; without it the merchant uses the default below. A limit over the maximum is refused with 400 `bad_request` (not clamped); " +
        "the BFF never sends one.",
      "A page may hold fewer entries than `limit`, even none, and still have a `nextCursor`: follow it until it is null.",
      "A cursor the merchant cannot read (made up, from another list, or older than the merchant keeps) is refused with 400 `bad_request`: start again " +
        "from the first page. Entries added while paging may or may not appear; none appears twice and none is skipped in the order below.",
    ]),
    "| operation | default limit | maximum | order |\n| --- | --- | --- | --- |\n" +
      pagedOperations.map((p) => `| \`${p.operationId}\` | ${p.defaultLimit} | ${p.maxLimit} | ${p.order} |`).join("\n"),
    "## Time",
    bullet([
      "Instants (`…At`, `from`/`to` of listReminderCandidates) are ISO 8601 date-times with an offset (`2026-12-01T10:00:00+09:00` or `…Z`); compare them as instants.",
      "Dates (`birthDate`, `expiresOn`, `periodEndsOn`, the slot list's `date`, listPointsExpiryCandidates' `from`/`through`) are Japan dates " +
        "(Asia/Tokyo, the calendar the customer lives in), `YYYY-MM-DD`. A slot at 00:30 on 12-02 in Japan is listed under 12-02, though its UTC date is 12-01.",
      "Hours in settings (`dayBeforeLocalHour`, `quietHours`) are Japan hours. Amounts are integer yen, tax included.",
    ]),
    "## Reservations",
    bullet([
      "**Slots listed** (`listReservationSlots`): the service's slots that start on the Japan date asked for and can still be booked: not started yet, " +
        "within the merchant's booking horizon (the sandbox: 90 days), full ones included (`remaining` 0), earliest first. A date with none is an empty list, not 404.",
      "**Booking**: `startsAt` must be the `startsAt` of a listed slot, and `partySize` at most the service's `maxPartySize` (else 422 `slot_unavailable`); " +
        "seats are counted atomically (409 `slot_full`).",
      "**Change and cancellation windows are one window**: `changeableUntil` = `startsAt` − `cancellationWindowHours`. Until then a reservation may be " +
        "moved (`changeReservation`, to another slot of the same service) or cancelled; from then on both are refused with 422 `cancellation_window_closed`. " +
        "Moving to the slot it already has answers it unchanged; cancelling a cancelled one answers it again (200).",
      "**Order**: `listReservations` lists every reservation of the member, past and upcoming, cancelled ones included, by `startsAt` then `reservationId`, " +
        "ascending. `listReminderCandidates` lists confirmed ones only.",
      "No event is sent for reservations: the BFF messages the member about bookings, changes and cancellations it made.",
    ]),
    "## Orders",
    bullet([
      "An order placed with `createOrder` starts as `placed`. Then `confirmed`; `shipped` (delivery) or `ready_for_pickup` (pickup); `delivered`. " +
        "`cancelled` may come before `delivered`.",
      "`listOrders` is newest first. `getOrder` and `previewReorder` answer 404 for another member's order.",
    ]),
    "## Register actions",
    bullet([
      `\`voidStaffAction\` undoes a check-in, award or redemption within ${STAFF_ACTION_VOID_WINDOW_MINUTES} minutes, for the staff member who made it only.`,
    ]),
    "## Events the merchant sends (webhooks)",
    bullet([
      "POST `{BFF}/hooks/merchant`, one event per request, a JSON `MerchantEvent` of at most 64 KiB (413 above).",
      'Sign each delivery: `x-merchant-timestamp: <unix seconds>` and `x-merchant-signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with ' +
        `the shared secret MERCHANT_HOOK_SECRET>\`. A timestamp more than ${MERCHANT_HOOK_TOLERANCE_SECONDS} s from the BFF's clock is refused (401).`,
      "Answers: 202 `MerchantEventReceipt` (done; `duplicate` true for an eventId already handled); 400 fix the body; 401 fix the signing or the clock; " +
        "404 the member is unknown or not linked to LINE, or the coupon is not the member's (drop it: nobody to tell); 413 too large.",
      "Retries: on a 5xx, a timeout or no answer, retry with the same `eventId` and a fresh timestamp and signature, backing off (e.g. 1 min, 5 min, 30 min, " +
        "then hourly) for up to 24 hours. Do not retry 4xx answers. The BFF handles an eventId once (it remembers them 30 days), so a retry never sends a second message.",
      "**Never send an event for a write the BFF made itself**: " +
        `${[...BFF_OWN_WRITES.points, ...BFF_OWN_WRITES.coupons, ...BFF_OWN_WRITES.orders].map((id) => `\`${id}\``).join(", ")} ` +
        "(beyond the later status changes of that order). The BFF has told the member already: an echo would make them get two LINE messages.",
    ]),
    "| event | send | do not send |\n| --- | --- | --- |\n" +
      merchantEventRules.map((rule) => `| \`${rule.type}\` | ${rule.send} | ${rule.doNotSend} |`).join("\n"),
    "## Account-link page",
    "The login page for customers who link from the LINE chat. The merchant hosts it (`x-hosted-by: merchant`); the BFF is configured with its URL " +
      "(`MERCHANT_ACCOUNT_LINK_URL`). It is a browser page, not behind the API key. The flow:",
    [
      "1. The customer asks in the chat; the BFF gets a link token from LINE and sends a button to `GET {MERCHANT_ACCOUNT_LINK_URL}?linkToken=<LINE's link token>`.",
      "2. The page shows a login form: the member number and the second factor of `getLinkSettings`. A missing or malformed `linkToken` answers 400 " +
        "(nothing to return to LINE with). Send `Cache-Control: no-store`, `Referrer-Policy: no-referrer` and `Content-Security-Policy: frame-ancestors 'none'`: " +
        "the token is in the URL.",
      "3. On a form POST with the right credentials (checked as `authenticateMember` checks them; wrong ones show the form again, 401, one message for " +
        "every failure), the merchant makes a **nonce** for that member and redirects the browser (303) to " +
        "`https://access.line.me/dialog/bot/accountLink?linkToken=<linkToken>&nonce=<nonce>`.",
      "4. LINE sends the BFF an `accountLink` webhook event. Only when its `result` is `ok` does the BFF call `consumeAccountLinkNonce` (once), " +
        "then `putLineLink` with the member it names.",
    ].join("\n"),
    bullet([
      `**Nonce**: at least 128 random bits, 10 to 255 characters of \`A-Z a-z 0-9 _ -\` (the sandbox: 256 bits, 43 characters); single use; valid ${ACCOUNT_LINK_NONCE_LIFETIME_MINUTES} minutes; ` +
        "bound to the member who logged in; best kept hashed.",
      "**Consuming a nonce must not create the link.** `consumeAccountLinkNonce` only spends the nonce and names its member; the link exists only once " +
        "LINE's accountLink event with result ok reached the BFF and the BFF called `putLineLink`. The login page never links either: a customer who " +
        "logs in and then abandons LINE's dialog stays unlinked.",
    ]),
    "## Changelog",
    merchantContractChangelog.map((entry) => `**${entry.version}** (${entry.date})\n${bullet(entry.changes)}`).join("\n\n"),
  ].join("\n\n");
}
