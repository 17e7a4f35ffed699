import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { MERCHANT_HOOK_TOLERANCE_SECONDS, MerchantEvent } from "../shared/merchant-contract.ts";
import type { SuiteContext } from "./context.ts";
import type { Fixtures } from "./fixtures.ts";

// Events: the suite stands in for the BFF's POST /hooks/merchant. The merchant under test is
// configured (its own way) to send events to this listener with the shared secret; every POST
// is checked as the contract's MerchantEvent documents the signing: x-merchant-timestamp (unix
// seconds, within the tolerance) and x-merchant-signature `v1=<hex HMAC-SHA256 of
// "<timestamp>.<raw body>">`, a body that parses as a MerchantEvent about a fixture member.

export interface EventsOptions {
  /** 0 picks a free port (then read `onListening`'s url). */
  port: number;
  host?: string;
  /** The shared secret (the BFF's MERCHANT_HOOK_SECRET). */
  secret: string;
  /** How long to wait for an event after the trigger; default 5000. */
  timeoutMs?: number;
  /** Called once the listener listens, with the URL events should go to. */
  onListening?: (url: string) => void | Promise<void>;
}

export interface ReceivedEvent {
  at: number;
  /** What is wrong with it, or null when it is signed and shaped as documented. */
  problem: string | null;
  memberId: string | null;
  type: string | null;
}

export class EventListener {
  readonly received: ReceivedEvent[] = [];
  #server: Server | undefined;
  #waiters: Array<() => void> = [];

  constructor(private readonly options: EventsOptions) {}

  get timeoutMs(): number {
    return this.options.timeoutMs ?? 5000;
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const event = this.#check(request.method ?? "", request.headers, raw);
        this.received.push(event);
        for (const wake of this.#waiters.splice(0)) wake();
        // Answered as the BFF does once an event is recorded, so the merchant does not retry.
        response.writeHead(event.problem === null ? 202 : 401, { "content-type": "application/json" });
        response.end(JSON.stringify({ eventId: safeEventId(raw), duplicate: false }));
      });
    });
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, host, () => resolve());
    });
    this.#server = server;
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : this.options.port;
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/hooks/merchant`;
    await this.options.onListening?.(url);
    return url;
  }

  /** Resolves once an event matching `predicate` arrived, or after the timeout. */
  async waitFor(predicate: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent | null> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #check(method: string, headers: Record<string, string | string[] | undefined>, raw: string): ReceivedEvent {
    const base = { at: Date.now(), memberId: null, type: null };
    if (method !== "POST") return { ...base, problem: `${method}, not POST` };
    const timestamp = header(headers, "x-merchant-timestamp");
    const signature = header(headers, "x-merchant-signature");
    if (timestamp === undefined || !/^\d+$/.test(timestamp))
      return { ...base, problem: "no x-merchant-timestamp in unix seconds" };
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MERCHANT_HOOK_TOLERANCE_SECONDS) {
      return { ...base, problem: `x-merchant-timestamp ${timestamp} is more than ${MERCHANT_HOOK_TOLERANCE_SECONDS} s off` };
    }
    const expected = `v1=${createHmac("sha256", this.options.secret).update(`${timestamp}.${raw}`, "utf8").digest("hex")}`;
    if (signature === undefined || !sameText(signature, expected)) {
      return { ...base, problem: `x-merchant-signature ${signature ?? "(none)"} is not v1=HMAC-SHA256("<timestamp>.<body>")` };
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { ...base, problem: "the body is not JSON" };
    }
    const event = MerchantEvent.safeParse(json);
    if (!event.success) {
      const issue = event.error.issues[0];
      return { ...base, problem: `not a MerchantEvent: ${issue.path.join(".") || "(body)"}: ${issue.message}` };
    }
    return { at: base.at, problem: null, memberId: event.data.memberId, type: event.data.type };
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function safeEventId(raw: string): string {
  try {
    const eventId = (JSON.parse(raw) as { eventId?: unknown }).eventId;
    return typeof eventId === "string" ? eventId : "";
  } catch {
    return "";
  }
}

/**
 * The trigger: a first link of the fixtures' `events.linkMember` (the contract's coupon.granted
 * source: the welcome coupon of a first link), then unlinked again (deleteLineLink). Then every
 * event received during the run must be signed and shaped as documented, about a fixture member.
 */
export async function runEventChecks(ctx: SuiteContext, fixtures: Fixtures | undefined, listener: EventListener): Promise<void> {
  const { client, record } = ctx;
  const link = fixtures?.events?.linkMember;
  const fixtureMembers = new Set([
    ...(fixtures?.members.map((member) => member.memberId) ?? []),
    ...(link ? [link.memberId] : []),
  ]);
  if (link && ctx.writes) {
    const linked = await client.call("putLineLink", {
      params: { lineUserId: link.lineUserId },
      body: { memberId: link.memberId },
    });
    if (record.answer("happy path (first link: the event trigger)", linked, { status: 200 }) !== undefined) {
      const event = await listener.waitFor((candidate) => candidate.memberId === link.memberId);
      record.expect(
        "events",
        "a signed event after the first link",
        event !== null,
        `an event about ${link.memberId} within ${listener.timeoutMs} ms`,
        "none arrived",
      );
      const unlinked = await client.call("deleteLineLink", { params: { lineUserId: link.lineUserId } });
      record.answer("happy path (unlinks the trigger's link)", unlinked, { status: 204 });
    }
  } else if (listener.received.length === 0) {
    const event = await listener.waitFor(() => true);
    record.expect("events", "at least one event during the run", event !== null, "a POST to the listener", "none arrived");
  }
  const bad = listener.received.filter((event) => event.problem !== null);
  record.expect(
    "events",
    "every event signed and shaped as documented",
    bad.length === 0,
    `${listener.received.length} signed MerchantEvent(s)`,
    bad.map((event) => event.problem).join("; "),
  );
  if (fixtureMembers.size === 0) return;
  const strangers = listener.received.filter((event) => event.memberId !== null && !fixtureMembers.has(event.memberId));
  record.expect(
    "events",
    "events only about the fixture members the run wrote to",
    strangers.length === 0,
    `members ${[...fixtureMembers].join(", ")}`,
    strangers.map((event) => `${event.type} about ${event.memberId}`).join("; "),
  );
}
