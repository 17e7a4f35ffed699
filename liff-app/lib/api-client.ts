import { hc, type ClientRequestOptions } from "hono/client";
import type { AppType } from "../../bff/app.ts";
import type { LIFF_ACCESS_TOKEN_HEADER as BffLiffAccessTokenHeader } from "../../bff/delivery/service-messages.ts";
import type { ErrorBody, ErrorCode } from "../../shared/errors.ts";

export interface ApiClientOptions {
  /** The LIFF ID token of the moment; read per request because it changes on re-login. */
  getIdToken: () => string | null;
}

/** The BFF's typed client. Type-only imports keep Worker code and zod out of the browser. */
export function createApiClient({ getIdToken }: ApiClientOptions) {
  return hc<AppType>("/", {
    headers: (): Record<string, string> => {
      const idToken = getIdToken();
      return idToken ? { Authorization: `Bearer ${idToken}` } : {};
    },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The header the BFF reads (not validates) on the writes that may bring a service message. */
const LIFF_ACCESS_TOKEN_HEADER: typeof BffLiffAccessTokenHeader = "x-liff-access-token";

/**
 * The second argument of a write that may bring a LINE MINI App service message (a booking, a
 * change, a cancellation, an order): the LIFF access token of the moment in x-liff-access-token,
 * for the BFF to trade for a notification token. Read when the request leaves, so a retry sends
 * the fresh one; no token, or a getter that throws, sends none (the message then goes by push).
 * It is not part of the write's description, so it never changes the Idempotency-Key.
 */
export function liffAccessTokenOptions(getAccessToken: () => string | null): ClientRequestOptions {
  return {
    headers: (): Record<string, string> => {
      let accessToken: string | null = null;
      try {
        accessToken = getAccessToken();
      } catch {
        // A write must not fail for want of a service message.
      }
      return accessToken ? { [LIFF_ACCESS_TOKEN_HEADER]: accessToken } : {};
    },
  };
}

/** A non-2xx answer from the BFF, with its error body when it sent the usual one. */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body ? `${status} ${body.error.code}: ${body.error.message}` : `HTTP ${status}`);
  }

  get code(): ErrorCode | null {
    return this.body?.error.code ?? null;
  }

  static async fromResponse(response: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
    const body: unknown = await response.json().catch(() => null);
    return new ApiError(response.status, isErrorBody(body) ? body : null);
  }
}

// A shape check rather than the zod schema: zod stays out of the browser bundle, and the app
// only reads `code`, `message` and `requestId` from it.
function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const { error } = value;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

type AnyResponse = { ok: boolean; status: number; json(): Promise<unknown> };

/** What a typed response's json() gives for its 2xx answers. */
type SuccessBody<R> = R extends { ok: true; json(): Promise<infer Body> } ? Body : never;

/**
 * The body of a 2xx answer; any other answer is thrown as an ApiError (with the BFF's error
 * code when it sent one), so a 401 reaches the one place that re-logs in and screens read
 * `error.code`. Hono's parseResponse throws its own DetailedError, which would lose both.
 */
export async function unwrap<R extends AnyResponse>(response: R | Promise<R>): Promise<SuccessBody<R>> {
  const answered = await succeeded(response);
  return (await answered.json()) as SuccessBody<R>;
}

/** `unwrap` for answers without a body (202, 204): resolves on 2xx, throws an ApiError otherwise. */
export async function expectSuccess(response: AnyResponse | Promise<AnyResponse>): Promise<void> {
  await succeeded(response);
}

async function succeeded<R extends AnyResponse>(response: R | Promise<R>): Promise<R> {
  const answered = await response;
  if (!answered.ok) throw await ApiError.fromResponse(answered);
  return answered;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
