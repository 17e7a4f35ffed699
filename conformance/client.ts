import { randomUUID } from "node:crypto";
import { operation, type OperationId } from "./contract.ts";

// Calls one operation of the merchant contract by its id, building the request from the
// operation table: method, path template, query, Idempotency-Key header and JSON body.

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  /** A JSON value to send as the body. */
  body?: unknown;
  /** Sent as is with content-type application/json (malformed JSON). */
  rawBody?: string;
  /** The Idempotency-Key header; omitted when undefined. */
  idempotencyKey?: string;
  /** Which Authorization header to send: the API key (default), none, or a wrong key. */
  auth?: "key" | "none" | "wrong";
}

export interface Answer {
  operationId: OperationId;
  /** e.g. "GET /v1/members/mem_1/orders?limit=2", for the report. */
  request: string;
  /** 0 when no answer came (a network error). */
  status: number;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  text: string;
  contentType: string;
  error?: string;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class MerchantClient {
  /** How many requests the suite sent, for the report. */
  requests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly timeoutMs = 10_000,
  ) {}

  async call(operationId: OperationId, options: CallOptions = {}): Promise<Answer> {
    const { method, path } = operation(operationId);
    const filledPath = path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`${operationId}: no value for path parameter ${name}`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) search.set(name, String(value));
    const query = search.size > 0 ? `?${search.toString()}` : "";
    const url = `${this.baseUrl.replace(/\/+$/, "")}${filledPath}${query}`;
    const headers = new Headers({ accept: "application/json" });
    const auth = options.auth ?? "key";
    if (auth === "key") headers.set("authorization", `Bearer ${this.apiKey}`);
    if (auth === "wrong") headers.set("authorization", `Bearer conformance-wrong-key-${randomUUID()}`);
    if (options.idempotencyKey !== undefined) headers.set("idempotency-key", options.idempotencyKey);
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers.set("content-type", "application/json");
    const request = `${method.toUpperCase()} ${filledPath}${query}`;
    this.requests += 1;
    try {
      const response = await this.fetchImpl(url, {
        method: method.toUpperCase(),
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return {
        operationId,
        request,
        status: response.status,
        body: parseOrKeep(text),
        text,
        contentType: response.headers.get("content-type") ?? "",
      };
    } catch (error) {
      return {
        operationId,
        request,
        status: 0,
        body: undefined,
        text: "",
        contentType: "",
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

function parseOrKeep(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A fresh Idempotency-Key (the contract: 16 to 128 URL-safe characters). */
export const newIdempotencyKey = () => `conformance-${randomUUID()}`;
