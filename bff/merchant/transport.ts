import type { z } from "zod";
import { ErrorBody, errorBody } from "../../shared/errors.ts";
import { operationErrorCodes, type MerchantOperationId } from "../../shared/merchant-contract.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { refusalMessage } from "./refusal-messages.ts";

// How the BFF reaches the merchant: one HTTP call with the server-side key, a timeout, the
// request id, expected refusals handed back, and every answer checked against the contract.
// The merchant clients (bff/merchant/client.ts, bff/reservations/merchant.ts) are built on it.

export interface MerchantClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  requestId: string;
  log: Logger;
}

export interface CallSpec<T, E extends number> {
  /** The operation id from the contract: logged instead of the path, which holds user ids. */
  operation: MerchantOperationId;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Schema of the success answer; omit when the answer has no body (204). */
  ok?: z.ZodType<T>;
  /** Statuses that are an expected "no" from the merchant; their ErrorBody is handed back. */
  expected?: readonly E[];
}

export type CallResult<T, E> = { ok: true; value: T } | { ok: false; status: E; error: ErrorBody };

export const invalidMerchantAnswer = () =>
  new UpstreamError("upstream_invalid", "The merchant's answer does not match the merchant contract");

/** A 404 the caller expected: null. */
export const orNull = <T>(result: CallResult<T, 404>) => (result.ok ? result.value : null);

/** With no expected refusals, a call either succeeds or throws. */
export const valueOf = <T>(result: CallResult<T, never>): T => {
  if (!result.ok) throw invalidMerchantAnswer();
  return result.value;
};

/** Creates the merchant caller for one request (its id travels as X-Request-Id). */
export function createMerchantCall(options: MerchantClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const invalidAnswer = invalidMerchantAnswer;

  return async function call<T, E extends number = never>(spec: CallSpec<T, E>): Promise<CallResult<T, E>> {
    const started = Date.now();
    // One deadline for the whole exchange: the answer's body must arrive within it too.
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const failed = (error: unknown, stage: "request" | "body"): UpstreamError => {
      const timedOut = deadline.aborted || (error instanceof DOMException && error.name === "TimeoutError");
      options.log.warn("merchant call failed", {
        operation: spec.operation,
        reason: timedOut ? "timeout" : "network",
        stage,
        ms: Date.now() - started,
      });
      return timedOut
        ? new UpstreamError("upstream_timeout", "The merchant did not answer in time", { cause: error })
        : new UpstreamError("upstream_unavailable", "The merchant could not be reached", { cause: error });
    };
    // Undefined for a body that is not JSON; a body that stops or comes too late is a failure.
    const readJson = async (response: Response): Promise<unknown> => {
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw failed(error, "body");
      }
      if (deadline.aborted) throw failed(deadline.reason, "body");
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    };

    let response: Response;
    try {
      response = await fetch(`${base}${spec.path}`, {
        method: spec.method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: "application/json",
          "x-request-id": options.requestId,
          ...spec.headers,
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        // The API key must never follow a redirect to wherever it points.
        redirect: "manual",
        signal: deadline,
      });
    } catch (error) {
      throw failed(error, "request");
    }
    options.log.info("merchant call", { operation: spec.operation, status: response.status, ms: Date.now() - started });

    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      options.log.warn("merchant answered a redirect", { operation: spec.operation, status: response.status });
      throw new UpstreamError("upstream_invalid", "The merchant answered with a redirect");
    }
    const expected: readonly number[] = spec.expected ?? [];
    if (expected.includes(response.status)) {
      const error = ErrorBody.safeParse(await readJson(response));
      if (!error.success) throw invalidAnswer();
      const { code, unavailableItems } = error.data.error;
      // Only the codes the contract lists for this operation and status: every other one is off the
      // contract (a 404 with another code is not "no such member"), and the customer gets 502.
      const listed = operationErrorCodes[spec.operation][response.status];
      if (listed && !listed.includes(code)) {
        options.log.warn("merchant answered a code its operation does not list", {
          operation: spec.operation,
          status: response.status,
          code,
        });
        throw invalidAnswer();
      }
      options.log.info("merchant refused", { operation: spec.operation, status: response.status, code });
      const ours = errorBody(code, refusalMessage(code), unavailableItems ? { unavailableItems } : {});
      return { ok: false, status: response.status as E, error: ours };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UpstreamError("upstream_unavailable", `The merchant answered ${response.status}`, {
        upstreamStatus: response.status,
      });
    }
    if (!spec.ok) {
      await response.body?.cancel();
      return { ok: true, value: undefined as T };
    }
    const parsed = spec.ok.safeParse(await readJson(response));
    if (!parsed.success) throw invalidAnswer();
    return { ok: true, value: parsed.data };
  };
}
