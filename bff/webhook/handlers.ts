import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { messagingApi } from "@line/bot-sdk";
import { AccountLinkNonce } from "../../shared/merchant-contract.ts";
import type { Logger } from "../lib/log.ts";
import { languageOf } from "../lib/user-language.ts";
import type { Outbox } from "../delivery/outbox.ts";
import type { MessageKind } from "../delivery/kinds.ts";
import type { LineMessaging } from "../line/messaging.ts";
import type { MerchantClient } from "../merchant/client.ts";
import type { AccountLinkEvent, FollowEvent, MessageEvent, PostbackEvent, WebhookEvent } from "./events.ts";
import { recordFriendship } from "./friends.ts";
import { recordLinked } from "../console/link-log.ts";
import { saveMemberSnapshot } from "../card/member-snapshot.ts";
import { enrollInScenarios, enrollOnLink, stopScenariosFor } from "../console/scenarios.ts";
import type { TrackedLinkDeps } from "../console/tracked-links.ts";
import {
  accountLinkLoginMessage,
  ACCOUNT_LINK_POSTBACK,
  alreadyLinkedMessage,
  linkConflictMessage,
  linkedMessage,
  linkExpiredMessage,
  linkFailedMessage,
  welcomeMessage,
} from "./messages.ts";

/** What handling an event needs: the BFF's storage, LINE, the outbox, the merchant and where links lead. */
export interface WebhookDependencies {
  db: D1Database;
  /** Only for what must be asked of LINE while handling (a link token); messages go through the outbox. */
  line: LineMessaging;
  outbox: Outbox;
  merchant: MerchantClient;
  log: Logger;
  liffId: string;
  /** The merchant's login page for the chat account-link flow; gets `?linkToken=…`. */
  merchantAccountLinkUrl: string;
  /** Tracked links for scenario steps sent while handling (bff/console/scenarios.ts). */
  links?: TrackedLinkDeps;
  /** Steps an earlier attempt at this event already took (it failed later and is being retried). */
  progress: EventProgress;
  /** Remembers a step that must not be taken twice, before going on. */
  saveProgress(progress: EventProgress): Promise<void>;
}

/** What an earlier attempt did that cannot be repeated: an account-link nonce is single use. */
export interface EventProgress {
  consumedNonceFor?: string;
}

/** A short, id-free description of what was done, for the log line. */
export type EventOutcome = string;

type Replyable = { webhookEventId: string; replyToken?: string; source: { userId: string } };

/** Does what one webhook event asks for. Throws when a dependency fails, so the caller can release the event. */
export async function handleWebhookEvent(deps: WebhookDependencies, event: WebhookEvent): Promise<EventOutcome> {
  switch (event.type) {
    case "follow":
      return handleFollow(deps, event);
    case "unfollow":
      await recordFriendship(deps.db, event.source.userId, { followed: false, at: event.timestamp });
      await stopScenariosFor(deps.db, event.source.userId);
      return "unfollow recorded";
    case "message":
      return isAccountLinkRequest(event) ? startChatAccountLink(deps, event) : "message ignored";
    case "postback":
      return isAccountLinkPostback(event) ? startChatAccountLink(deps, event) : "postback ignored";
    case "accountLink":
      return completeChatAccountLink(deps, event);
  }
}

async function handleFollow(deps: WebhookDependencies, event: FollowEvent): Promise<EventOutcome> {
  const lineUserId = event.source.userId;
  await recordFriendship(deps.db, lineUserId, { followed: true, at: event.timestamp });
  const link = await deps.merchant.getLineLink(lineUserId);
  // Linking a rich menu to someone who is not a friend does nothing, so it is applied again here.
  await deps.outbox.showRichMenu(lineUserId, link !== null);
  await enrollInScenarios(deps, {
    trigger: "followed",
    lineUserId,
    occurredAt: event.timestamp,
    occurrenceKey: `follow:${event.webhookEventId}`,
  });
  if (link) return "linked friend, menu queued";
  // Someone the BFF never heard from (the usual new friend) is welcomed in Japanese.
  const sent = await send(deps, event, "welcome", "welcome", [welcomeMessage(deps, await languageOf(deps.db, lineUserId))]);
  return `unlinked friend, menu queued, welcome ${sent}`;
}

// Words a customer might type to ask for linking; compared after NFKC and lower-casing.
const ACCOUNT_LINK_KEYWORDS = new Set(["連携", "id連携", "会員連携", "link"]);

function isAccountLinkRequest(event: MessageEvent): boolean {
  return event.message.type === "text" && ACCOUNT_LINK_KEYWORDS.has(event.message.text.normalize("NFKC").trim().toLowerCase());
}

function isAccountLinkPostback(event: PostbackEvent): boolean {
  const expected = new URLSearchParams(ACCOUNT_LINK_POSTBACK).get("action");
  return new URLSearchParams(event.postback.data).get("action") === expected;
}

/** Step 1 of LINE's account-link flow: a link token, and a button to the merchant's login with it. */
async function startChatAccountLink(deps: WebhookDependencies, event: Replyable): Promise<EventOutcome> {
  const lineUserId = event.source.userId;
  const language = await languageOf(deps.db, lineUserId);
  if (await deps.merchant.getLineLink(lineUserId)) {
    const sent = await send(deps, event, "account_link", "account-link-start", [alreadyLinkedMessage(deps, language)]);
    return `already linked, ${sent}`;
  }
  const linkToken = await deps.line.issueLinkToken(lineUserId);
  const loginUrl = new URL(deps.merchantAccountLinkUrl);
  loginUrl.searchParams.set("linkToken", linkToken);
  const sent = await send(deps, event, "account_link", "account-link-start", [
    accountLinkLoginMessage(loginUrl.toString(), language),
  ]);
  return `link token issued, ${sent}`;
}

/**
 * The last step: LINE vouches that the nonce came back through the LINE user it names. The
 * nonce is traded at the merchant (once) for the member who logged in, and the two are linked.
 */
async function completeChatAccountLink(deps: WebhookDependencies, event: AccountLinkEvent): Promise<EventOutcome> {
  // A failed link names nobody (no source, no reply token): there is no one to tell.
  // https://developers.line.biz/en/reference/messaging-api/#account-link-event
  if (event.link.result === "failed" || event.source === undefined) {
    deps.log.info("account link failed at LINE", { result: event.link.result });
    return "LINE reported failure, nobody to tell";
  }
  const source = event.source;
  const lineUserId = source.userId;
  const language = await languageOf(deps.db, lineUserId);
  const report = async (outcome: string, message: messagingApi.Message) =>
    `${outcome}, ${await send(deps, { ...event, source }, "account_link", "account-link-result", [message])}`;

  // The nonce is single use at the merchant: a retry of this event after a later step failed
  // must not trade it again (it would be refused as expired), so the member is remembered first.
  let memberId = deps.progress.consumedNonceFor ?? null;
  if (memberId === null) {
    const nonce = AccountLinkNonce.safeParse(event.link.nonce);
    const consumed = nonce.success ? await deps.merchant.consumeAccountLinkNonce(nonce.data) : null;
    if (consumed === null) return report("nonce refused", linkExpiredMessage(language));
    memberId = consumed.memberId;
    await deps.saveProgress({ ...deps.progress, consumedNonceFor: memberId });
  }
  const consumed = { memberId };

  const link = await deps.merchant.putLineLink(lineUserId, consumed.memberId);
  if (link === null) return report("member gone", linkFailedMessage(language));
  if ("conflict" in link) {
    const own = await deps.merchant.getLineLink(lineUserId);
    return report("conflict", linkConflictMessage(own ? "line-account" : "member", language));
  }
  await Promise.all([
    deps.outbox.showRichMenu(lineUserId, true),
    recordLinked(deps.db, { lineUserId, memberId: consumed.memberId, route: "account_link" }),
    enrollOnLink(deps, { lineUserId, memberId: consumed.memberId, route: "account_link" }),
  ]);
  const summary = await deps.merchant.getMemberSummary(consumed.memberId);
  // The mapping learnt at link time: the member's card and a scan work from it while the merchant is down.
  if (summary) await saveMemberSnapshot(deps.db, summary, link);
  return report("linked, menu queued", linkedMessage(deps, summary, language));
}

/**
 * Answers the customer through the outbox: with the reply token when there is one (free of
 * charge; a refused token becomes a push), otherwise a push. The delivery id comes from the
 * event and the purpose, so a retried or redelivered event records nothing new.
 */
async function send(
  deps: WebhookDependencies,
  event: Replyable,
  kind: MessageKind,
  purpose: string,
  messages: messagingApi.Message[],
): Promise<string> {
  const spec = { id: `webhook:${event.webhookEventId}:${purpose}`, kind, to: event.source.userId, messages };
  const notice = event.replyToken
    ? await deps.outbox.reply({ ...spec, replyToken: event.replyToken })
    : await deps.outbox.push(spec);
  return `${event.replyToken ? "reply" : "push"} ${notice}`;
}
