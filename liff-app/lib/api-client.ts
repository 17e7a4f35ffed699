import { hc } from "hono/client";
import type { AppType } from "../../bff/app.ts";
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

  static async fromResponse(response: Response): Promise<ApiError> {
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

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
