import type { MiddlewareHandler } from "hono";

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  /** The caller's X-Request-Id, so tests can follow one BFF request into the merchant. */
  requestId: string | null;
  /** Null while the answer is still pending (a slow fault, say). */
  status: number | null;
}

/** The contract calls the sandbox has received, for tests that count or inspect them. */
export class RequestLog {
  readonly requests: LoggedRequest[] = [];
  #nextSeq = 1;

  clear(): void {
    this.requests.length = 0;
  }

  /** Middleware logging each request on arrival, so a caller that timed out is still counted. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const entry: LoggedRequest = {
        seq: this.#nextSeq++,
        at: new Date().toISOString(),
        method: c.req.method,
        path: c.req.path,
        requestId: c.req.header("X-Request-Id") ?? null,
        status: null,
      };
      this.requests.push(entry);
      await next();
      entry.status = c.res.status;
    };
  }
}
