import type { MemberCardResponse } from "../../shared/api.ts";

// The member card as last seen online, per LINE user, so the card's first paint needs nothing
// from the network and the card still says who the member is offline or while the merchant is
// down. A member summary only (name, number, rank, points), never a code or a secret. Only the
// LINE user who last opened the card on this phone has one: another user's opening replaces it,
// and a link change (forgetMemberData) drops it.

export type CardMember = MemberCardResponse["member"];

export interface LastKnownCard {
  member: CardMember;
  /** When the BFF said so (epoch ms): shown as 「◯時点の情報」. */
  savedAt: number;
  /** The BFF's clock minus the phone's at that moment: the phone corrects the windows it signs. */
  clockOffsetMs: number;
}

const USER_KEY = "liff-app:card-user";
const cardKey = (lineUserId: string) => `liff-app:card:${lineUserId}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // Storage can be switched off (private modes): the card then simply waits for the network.
    return null;
  }
}

/** The LINE user whose card this phone showed last, before LIFF has said who is signed in. */
export function lastCardUser(): string | null {
  return storage()?.getItem(USER_KEY) ?? null;
}

export function readLastKnownCard(lineUserId: string | null): LastKnownCard | null {
  if (!lineUserId) return null;
  const text = storage()?.getItem(cardKey(lineUserId));
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isLastKnownCard(value) ? value : null;
  } catch {
    return null;
  }
}

/** Keeps what the BFF just said; the previous LINE user's card (a shared phone) goes. */
export function saveLastKnownCard(lineUserId: string, card: LastKnownCard): void {
  const store = storage();
  if (!store) return;
  const previous = store.getItem(USER_KEY);
  try {
    if (previous && previous !== lineUserId) store.removeItem(cardKey(previous));
    store.setItem(cardKey(lineUserId), JSON.stringify(card));
    store.setItem(USER_KEY, lineUserId);
  } catch {
    // Full storage: the card works as before, only without a first paint from memory.
  }
}

/** Drops the user's card (unlinked, linked to another membership, or refused by the BFF). */
export function forgetLastKnownCard(lineUserId: string | null): void {
  const store = storage();
  if (!store || !lineUserId) return;
  store.removeItem(cardKey(lineUserId));
  if (store.getItem(USER_KEY) === lineUserId) store.removeItem(USER_KEY);
}

/** The signed-in LINE user is known: a card this phone kept for another user goes. */
export function keepLastKnownCardOnlyFor(lineUserId: string | null): void {
  const previous = lastCardUser();
  if (previous && previous !== lineUserId) forgetLastKnownCard(previous);
}

// Written by this app, but possibly by an older version of it: checked, never trusted blindly.
function isLastKnownCard(value: unknown): value is LastKnownCard {
  if (typeof value !== "object" || value === null) return false;
  const card = value as Partial<LastKnownCard>;
  const member = card.member as Partial<CardMember> | undefined;
  return (
    typeof card.savedAt === "number" &&
    typeof card.clockOffsetMs === "number" &&
    typeof member?.name === "string" &&
    typeof member.memberNumber === "string" &&
    typeof member.rank?.code === "string" &&
    typeof member.points?.balance === "number"
  );
}
