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
  constructor(
    readonly code: UpstreamCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): ContentfulStatusCode {
    return upstreamStatus[this.code];
  }

  toBody(requestId: string) {
    return errorBody(this.code, this.message, { requestId });
  }
}
