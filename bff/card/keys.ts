import { importMemberCardKeys, type MemberCardKeys } from "./member-card-token.ts";

// Deriving keys costs a few HKDF rounds: once per secret per isolate, not per request.
const cache = new Map<string, Promise<MemberCardKeys>>();

/** The member card keys for the configured MEMBER_CARD_SECRET. */
export function memberCardKeys(secret: string): Promise<MemberCardKeys> {
  let keys = cache.get(secret);
  if (!keys) {
    keys = importMemberCardKeys(secret);
    cache.set(secret, keys);
  }
  return keys;
}
