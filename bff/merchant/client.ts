import type { z } from "zod";
import {
  LineLink,
  MemberSummary,
  StaffRecord,
  type LineLink as LineLinkType,
  type MemberSummary as MemberSummaryType,
  type StaffRecord as StaffRecordType,
} from "../../shared/merchant-contract.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";

export interface MerchantClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  requestId: string;
  log: Logger;
}

/** The BFF's only way to reach the merchant: typed calls over the merchant contract. */
export interface MerchantClient {
  getLineLink(lineUserId: string): Promise<LineLinkType | null>;
  getMemberSummary(memberId: string): Promise<MemberSummaryType | null>;
  getStaffByLineUser(lineUserId: string): Promise<StaffRecordType | null>;
}

interface CallSpec<T> {
  /** The operation id from the contract: logged instead of the path, which holds user ids. */
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  ok: z.ZodType<T>;
}

/** Creates a merchant client bound to one request (its id travels as X-Request-Id). */
export function createMerchantClient(options: MerchantClientOptions): MerchantClient {
  const base = options.baseUrl.replace(/\/+$/, "");

  /** Calls the merchant; 404 means "no such record" and becomes null, anything unexpected throws. */
  async function call<T>(spec: CallSpec<T>): Promise<T | null> {
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(`${base}${spec.path}`, {
        method: spec.method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: "application/json",
          "x-request-id": options.requestId,
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      options.log.warn("merchant call failed", {
        operation: spec.operation,
        reason: timedOut ? "timeout" : "network",
        ms: Date.now() - started,
      });
      throw timedOut
        ? new UpstreamError("upstream_timeout", "The merchant did not answer in time", { cause: error })
        : new UpstreamError("upstream_unavailable", "The merchant could not be reached", { cause: error });
    }
    options.log.info("merchant call", { operation: spec.operation, status: response.status, ms: Date.now() - started });

    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UpstreamError("upstream_unavailable", `The merchant answered ${response.status}`);
    }
    const parsed = spec.ok.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new UpstreamError("upstream_invalid", "The merchant's answer does not match the merchant contract");
    }
    return parsed.data;
  }

  const id = encodeURIComponent;
  return {
    getLineLink: (lineUserId) =>
      call({ operation: "getLineLink", method: "GET", path: `/v1/line-links/${id(lineUserId)}`, ok: LineLink }),
    getMemberSummary: (memberId) =>
      call({
        operation: "getMemberSummary",
        method: "GET",
        path: `/v1/members/${id(memberId)}/summary`,
        ok: MemberSummary,
      }),
    getStaffByLineUser: (lineUserId) =>
      call({
        operation: "getStaffByLineUser",
        method: "GET",
        path: `/v1/staff/by-line-user/${id(lineUserId)}`,
        ok: StaffRecord,
      }),
  };
}
