// The phone's member card key, in IndexedDB. The private key and the typed-code key are
// WebCrypto keys made non-extractable: IndexedDB keeps them (structured clone), page JavaScript
// can sign with them, but nothing, this app included, can ever read their bytes out.

export interface CardKey {
  lineUserId: string;
  deviceId: string;
  /** ECDSA P-256, sign only, non-extractable. */
  privateKey: CryptoKey;
  /** HMAC-SHA256 for the typed code, sign only, non-extractable. */
  codeKey: CryptoKey;
}

const DATABASE = "liff-app-card";
const STORE = "keys";

/** Whether this browser can keep a card key: WebCrypto and IndexedDB both. */
export function cardKeysSupported(): boolean {
  return typeof indexedDB !== "undefined" && typeof crypto !== "undefined" && typeof crypto.subtle !== "undefined";
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "lineUserId" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB would not open"));
    request.onblocked = () => reject(new Error("IndexedDB is blocked"));
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB transaction failed"));
      transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
    });
  } finally {
    db.close();
  }
}

// The key of the moment, once read: the card screen that follows the instant card shows the
// same code without waiting for IndexedDB again.
let remembered: CardKey | null = null;

/** The key the last load or save found for this user, synchronously (null if none yet). */
export function rememberedCardKey(lineUserId: string | null): CardKey | null {
  return remembered && remembered.lineUserId === lineUserId ? remembered : null;
}

// A read started before LIFF says who is signed in (startup, on /card): a phone holds one LINE
// user's key at most (saveCardKey), so the one stored key, or none, answers the first lookup
// for whoever signs in, without a second IndexedDB open on the card's critical path.
let preloading: Promise<boolean> | null = null;
/** Counts saves and deletes: a preload that read before one of them must not overwrite it. */
let writes = 0;

/** Starts reading this phone's key, whoever's it is, while LIFF initialises. */
export function preloadCardKey(): void {
  if (preloading || remembered || !cardKeysSupported()) return;
  const writesBefore = writes;
  preloading = run<CardKey[]>("readonly", (store) => store.getAll() as IDBRequest<CardKey[]>)
    .then((keys) => {
      if (keys.length > 1 || writes !== writesBefore) return false;
      remembered ??= keys[0] ?? null;
      return true;
    })
    .catch(() => false);
}

/** This LINE user's card key on this phone, or null (none, or storage unavailable). */
export async function loadCardKey(lineUserId: string): Promise<CardKey | null> {
  if (!cardKeysSupported()) return null;
  const preloaded = preloading;
  preloading = null;
  if (preloaded && (await preloaded)) return rememberedCardKey(lineUserId);
  try {
    const found = await run<CardKey | undefined>("readonly", (store) => store.get(lineUserId) as IDBRequest<CardKey | undefined>);
    remembered = found ?? null;
    return remembered;
  } catch {
    return null;
  }
}

/** Keeps the user's key; true when it was kept (some browsers refuse to store keys). */
export async function saveCardKey(key: CardKey): Promise<boolean> {
  try {
    writes += 1;
    // One LINE user's key per phone: a shared phone's previous user leaves none behind.
    await run("readwrite", (store) => store.clear());
    await run("readwrite", (store) => store.put(key));
    remembered = key;
    return true;
  } catch {
    return false;
  }
}

/** Drops the key (revoked, unknown to the BFF, another user, unlinked). */
export async function deleteCardKey(lineUserId: string): Promise<void> {
  if (remembered?.lineUserId === lineUserId) remembered = null;
  writes += 1;
  if (!cardKeysSupported()) return;
  try {
    await run("readwrite", (store) => store.delete(lineUserId));
  } catch {
    // Nothing to drop where nothing could be stored.
  }
}
