import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTHeaderParameters, type FlattenedJWSInput } from "jose";
import { UpstreamError } from "./errors.ts";

/** Keys older than this are refreshed in the background; requests keep using them meanwhile. */
export const REFRESH_AFTER_MS = 60 * 60 * 1000;
/** How long the shared copy in the Cache API lives, and with it the last known keys when LINE is down. */
const CACHE_FOR_SECONDS = 24 * 60 * 60;
/** No two refreshes (background or failed) closer than this. */
export const MIN_REFETCH_INTERVAL_MS = 30_000;
/** A `kid` not in the set may trigger one refetch this often at most (a new LINE key, or a forgery). */
export const UNKNOWN_KID_REFETCH_INTERVAL_MS = 5_000;
const FETCH_TIMEOUT_MS = 3_000;

interface KeySetCopy {
  jwks: JSONWebKeySet;
  fetchedAt: number;
}

export interface KeySetDependencies {
  /** Hands background work to the runtime (`executionCtx.waitUntil`); without it, it runs unawaited. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

// The Workers Cache API is per data centre and absent outside Workers; either way memory works.
function sharedCache(): Cache | null {
  return typeof caches !== "undefined" && "default" in caches ? (caches as unknown as { default: Cache }).default : null;
}

/**
 * LINE's ID token signing keys for one JWKS URL: kept for hours in memory and in the Cache API
 * (shared by the isolates of a data centre), refreshed in the background, fetched by one request
 * at a time, and still used when LINE's endpoint is down.
 */
export class LineSigningKeys {
  #copy: KeySetCopy | null = null;
  #keys: ReturnType<typeof createLocalJWKSet> | null = null;
  #inFlight: Promise<KeySetCopy> | null = null;
  #lastAttemptAt = Number.NEGATIVE_INFINITY;
  #lastUnknownKidRefetchAt = Number.NEGATIVE_INFINITY;

  constructor(readonly jwksUrl: string) {}

  /** The key a token's header names; throws JWKSNoMatchingKey (a 401) or UpstreamError (no keys at all). */
  async keyFor(header: JWTHeaderParameters, token: FlattenedJWSInput, deps: KeySetDependencies = {}) {
    await this.#ensureLoaded();
    this.#refreshInBackgroundIfStale(deps);
    try {
      return await this.#keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.#mayRefetchForUnknownKid()) throw error;
    }
    // A kid we have never seen: LINE may have just rotated. One refetch, then decide.
    await this.#refresh().catch(() => null);
    return this.#keys!(header, token);
  }

  async #ensureLoaded(): Promise<void> {
    if (this.#copy) return;
    const cached = await this.#readShared();
    if (cached) return this.#use(cached);
    try {
      await this.#refresh();
    } catch (error) {
      throw new UpstreamError("upstream_unavailable", "LINE's signing keys could not be fetched", { cause: error });
    }
  }

  #refreshInBackgroundIfStale(deps: KeySetDependencies): void {
    const now = Date.now();
    if (!this.#copy || now - this.#copy.fetchedAt < REFRESH_AFTER_MS) return;
    if (this.#inFlight || now - this.#lastAttemptAt < MIN_REFETCH_INTERVAL_MS) return;
    // Another isolate may have refreshed already; otherwise ask LINE. A failure keeps the old keys.
    const current = this.#copy;
    const refresh = this.#readShared()
      .then(async (cached) => {
        if (cached && cached.fetchedAt > current.fetchedAt) this.#use(cached);
        else await this.#refresh();
      })
      .catch(() => undefined);
    this.#lastAttemptAt = now;
    if (deps.waitUntil) deps.waitUntil(refresh);
  }

  #mayRefetchForUnknownKid(): boolean {
    const now = Date.now();
    if (now - this.#lastUnknownKidRefetchAt < UNKNOWN_KID_REFETCH_INTERVAL_MS) return false;
    this.#lastUnknownKidRefetchAt = now;
    return true;
  }

  /** One fetch at a time per isolate; concurrent callers share it. */
  #refresh(): Promise<KeySetCopy> {
    this.#inFlight ??= this.#fetchFromLine().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #fetchFromLine(): Promise<KeySetCopy> {
    this.#lastAttemptAt = Date.now();
    const response = await fetch(this.jwksUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "manual" });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the JWKS endpoint answered ${response.status}`);
    }
    const jwks = (await response.json()) as JSONWebKeySet;
    createLocalJWKSet(jwks); // throws on a body that is not a key set
    const copy = { jwks, fetchedAt: Date.now() };
    this.#use(copy);
    await this.#writeShared(copy);
    return copy;
  }

  #use(copy: KeySetCopy): void {
    this.#copy = copy;
    this.#keys = createLocalJWKSet(copy.jwks);
  }

  async #readShared(): Promise<KeySetCopy | null> {
    const cache = sharedCache();
    if (!cache) return null;
    try {
      const cached = await cache.match(this.jwksUrl);
      if (!cached) return null;
      const copy = (await cached.json()) as KeySetCopy;
      createLocalJWKSet(copy.jwks);
      return typeof copy.fetchedAt === "number" ? copy : null;
    } catch {
      return null;
    }
  }

  async #writeShared(copy: KeySetCopy): Promise<void> {
    const cache = sharedCache();
    if (!cache) return;
    const response = new Response(JSON.stringify(copy), {
      headers: { "content-type": "application/json", "cache-control": `max-age=${CACHE_FOR_SECONDS}` },
    });
    await cache.put(this.jwksUrl, response).catch(() => undefined);
  }
}
