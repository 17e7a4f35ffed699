import { ApiError } from "./api-client.ts";
import { newIdempotencyKey } from "./idempotency-key.ts";

/** One write as the BFF sees it; two sends are the same write when all of this is equal. */
export interface WriteRequest {
  method: "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  /** Whose write it is (the LINE user): another user in the same tab never reuses the key. */
  owner?: string | null;
}

// sessionStorage, not memory: inside LINE a 401 re-login reloads the page, and the retry that
// follows must carry the key of the send whose outcome was unknown. It survives that reload
// but not the tab, and is never shared with another tab's writes.
const STORAGE_PREFIX = "liff-app:open-write:";

/**
 * Whether the write may have taken effect although the app got no confirmation: no answer, a
 * 5xx (the merchant may have acted before something failed), a 401 or 429 (refused before the
 * handler, an earlier send's fate still unknown), or "still in progress". Only the very same
 * request under the same key may go again then. Any other answer is final.
 */
export function isOutcomeOpen(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 401 || error.status === 429 || error.code === "request_in_progress";
}

/**
 * The Idempotency-Key for this write: the one of an earlier send of the same write whose
 * outcome is still open, else a new one, remembered until `closeWrite`.
 */
export function openWriteKey(write: WriteRequest, storage: Storage = sessionStorage): string {
  const slot = storageSlot(write);
  const open = read(storage, slot);
  if (open) return open;
  const key = newIdempotencyKey();
  try {
    storage.setItem(slot, key);
  } catch {
    // Without storage the key still holds for this page view, as before.
  }
  return key;
}

/** The write got a final answer (2xx, or a refusal that did nothing): its next send is new. */
export function closeWrite(write: WriteRequest, storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(storageSlot(write));
  } catch {
    // Nothing stored, nothing to forget.
  }
}

function read(storage: Storage, slot: string): string | null {
  try {
    return storage.getItem(slot);
  } catch {
    return null;
  }
}

/** The write's storage slot: a hash of owner, method, path and canonical body, not the body itself. */
export function storageSlot({ method, path, body, owner }: WriteRequest): string {
  return STORAGE_PREFIX + hashText(`${owner ?? ""}\n${method} ${path}\n${canonicalJson(body ?? null)}`);
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same write. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

// cyrb53: a fast 53-bit string hash. Not for secrecy: it only keeps bodies (names, phone
// numbers) out of the storage key and the key short; a collision would need the same tab.
function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
