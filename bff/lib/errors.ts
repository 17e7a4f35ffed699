import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorBody, type ErrorCode } from "../../shared/errors.ts";

type UpstreamCode = Extract<ErrorCode, "upstream_unavailable" | "upstream_timeout" | "upstream_invalid">;

const upstreamStatus: Record<UpstreamCode, ContentfulStatusCode> = {
  upstream_unavailable: 502,
  upstream_invalid: 502,
  upstream_timeout: 504,
};

/** A dependency (the merchant, LINE) failed; app.onError answers 502/504 with the error body. */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  /** The HTTP status the dependency answered, when it answered one the caller did not expect. */
  readonly upstreamStatus: number | undefined;

  constructor(
    readonly code: UpstreamCode,
    message: string,
    options?: { cause?: unknown; upstreamStatus?: number },
  ) {
    super(message, options);
    this.upstreamStatus = options?.upstreamStatus;
  }

  /**
   * The dependency is down (unreachable, too slow, or a 5xx), as opposed to refusing the request
   * (an unexpected 4xx) or answering off its contract: only an outage is worth trying again later.
   */
  get isOutage(): boolean {
    if (this.code === "upstream_timeout") return true;
    return this.code === "upstream_unavailable" && (this.upstreamStatus === undefined || this.upstreamStatus >= 500);
  }

  get status(): ContentfulStatusCode {
    return upstreamStatus[this.code];
  }

  toBody(requestId: string) {
    return errorBody(this.code, this.message, { requestId });
  }
}
