import type { MemberCardResponse } from "../../../shared/api.ts";
import { ApiError, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { forgetLastKnownCard, saveLastKnownCard } from "../../lib/last-known-card.ts";
import { deleteCardKey, loadCardKey, rememberedCardKey } from "./card-key-store.ts";

// GET /api/card and what the phone learns from the answer, apart from the query so the page's
// first script (liff-app/start.ts) can ask for the card the moment LIFF has an ID token, while
// the app's code is still downloading; the card query then takes that answer instead of asking
// again. No React or TanStack Query here: this file is on the first script's path.

/** The card as the BFF answered, with what the phone learnt from the answer. */
export interface MemberCardAnswer extends MemberCardResponse {
  /** The BFF's clock minus the phone's, measured at the middle of the round trip. */
  clockOffsetMs: number;
  /** The device this request named (the phone's key of the moment), or null. */
  askedForDevice: string | null;
  /** When the answer arrived, by the phone's clock (the server code's countdown starts there). */
  receivedAt: number;
}

/**
 * The member and a fresh server-issued QR token, and whether the phone's key still works. Each
 * answer is kept as the last known card; "not linked" drops it and the key.
 */
export async function fetchMemberCard(
  api: ApiClient,
  lineUserId: string | null,
  signal?: AbortSignal,
  onSent?: () => void,
): Promise<MemberCardAnswer> {
  const key = lineUserId ? (rememberedCardKey(lineUserId) ?? (await loadCardKey(lineUserId))) : null;
  const query = key ? { device: key.deviceId } : {};
  const sentAt = Date.now();
  try {
    const response = api.api.card.$get({ query }, { init: { signal } });
    onSent?.();
    const card = await unwrap(response);
    performance.mark("card:answer");
    const receivedAt = Date.now();
    const serverTime = card.serverTime ? Date.parse(card.serverTime) : null;
    const clockOffsetMs = serverTime === null ? 0 : Math.round(serverTime - (sentAt + receivedAt) / 2);
    // Details the BFF answered from its last known copy are as old as that copy.
    const savedAt = card.memberAsOf ? Date.parse(card.memberAsOf) : receivedAt;
    if (lineUserId) saveLastKnownCard(lineUserId, { member: card.member, savedAt, clockOffsetMs });
    return { ...card, clockOffsetMs, askedForDevice: key?.deviceId ?? null, receivedAt };
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_linked" && lineUserId) {
      forgetLastKnownCard(lineUserId);
      await deleteCardKey(lineUserId);
    }
    throw error;
  }
}

/** An early answer is taken by the card query only while its server code is young. */
const EARLY_ANSWER_LIFE_MS = 10_000;

interface EarlyCard {
  lineUserId: string | null;
  startedAt: number;
  answer: Promise<MemberCardAnswer>;
  /** The answer once it has arrived, for a first render that shows it at once. */
  settled?: MemberCardAnswer;
}

let early: EarlyCard | null = null;

/** The early card if it was asked for this LINE user moments ago (its code still young). */
const youngFor = (card: EarlyCard | null, lineUserId: string | null): card is EarlyCard =>
  card !== null && card.lineUserId === lineUserId && Date.now() - card.startedAt <= EARLY_ANSWER_LIFE_MS;

/**
 * Asks for the card now, before the app renders; the card query takes the answer (once).
 * Resolves once the request is on its way (the app's first render would hold it back on a slow
 * phone: it runs in one go), or as soon as asking failed.
 */
export function startEarlyMemberCard(api: ApiClient, lineUserId: string | null): Promise<void> {
  let sent: () => void = () => undefined;
  const onItsWay = new Promise<void>((resolve) => (sent = resolve));
  const answer = fetchMemberCard(api, lineUserId, undefined, () => sent());
  const asked: EarlyCard = { lineUserId, startedAt: Date.now(), answer };
  early = asked;
  // Whoever takes it handles a failure; nobody may take it, so it is never left unhandled.
  void answer
    .then(
      (card) => void (asked.settled = card),
      () => undefined,
    )
    .finally(() => sent());
  // The client hands the request to fetch() a few microtasks after the call: a task later it has.
  return onItsWay.then(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** The early answer for this LINE user, once, if it was asked for moments ago; otherwise null. */
export function takeEarlyMemberCard(lineUserId: string | null): Promise<MemberCardAnswer> | null {
  const taken = early;
  early = null;
  return youngFor(taken, lineUserId) ? taken.answer : null;
}

/**
 * The early answer for this LINE user if it has already arrived (taken, once, as the card
 * query's initial data): the app's first render then shows the code the page already shows.
 */
export function takeArrivedEarlyMemberCard(lineUserId: string | null): MemberCardAnswer | undefined {
  if (!youngFor(early, lineUserId) || !early.settled) return undefined;
  const { settled } = early;
  early = null;
  return settled;
}

/** The early answer for this LINE user without taking it (the card query still will), or null. */
export function earlyMemberCard(lineUserId: string | null): Promise<MemberCardAnswer> | null {
  return early && early.lineUserId === lineUserId ? early.answer : null;
}
