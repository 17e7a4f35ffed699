import { createHmac, randomUUID } from "node:crypto";
import type { MerchantEvent } from "../../../shared/merchant-contract.ts";

// The merchant side of POST {BFF}/hooks/merchant: events signed with the shared secret exactly
// as the contract's MerchantEvent describes, so a developer sees the BFF's real answers
// (202, 401, 400, 404) in dev. One attempt per event; a redelivery is a developer's choice.

export interface HookDelivery {
  eventId: string;
  type: MerchantEvent["type"];
  at: string;
  /** The BFF's answer, or null when nothing was sent or no answer came. */
  status: number | null;
  answer: unknown;
  /** Why nothing was sent or no answer came. */
  error?: string;
}

export interface MerchantEventSenderOptions {
  /** The MERCHANT_HOOK_SECRET the BFF checks; without it events are recorded but not sent. */
  secret?: string;
  /** Where the BFF listens (`…/hooks/merchant`); settable later (POST /__dev/hook-endpoint). */
  url?: string | null;
}

const SEND_TIMEOUT_MS = 5000;

/** The x-merchant-* headers for one delivery of a body: HMAC-SHA256 over "<timestamp>.<body>", in hex. */
export function merchantEventHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return { "x-merchant-timestamp": String(timestamp), "x-merchant-signature": `v1=${signature}` };
}

/** A fresh event id: the same id on a redelivery is what lets the BFF handle an event once. */
export const newMerchantEventId = () => `evt_${randomUUID()}`;

/** Sends signed merchant events to the BFF and remembers them for redelivery. */
export class MerchantEventSender {
  readonly deliveries: HookDelivery[] = [];
  readonly #secret: string | undefined;
  #url: string | null;
  readonly #events = new Map<string, MerchantEvent>();

  constructor({ secret, url = null }: MerchantEventSenderOptions = {}) {
    this.#secret = secret;
    this.#url = url;
  }

  get url(): string | null {
    return this.#url;
  }

  get signing(): boolean {
    return this.#secret !== undefined;
  }

  setUrl(url: string | null): void {
    this.#url = url;
  }

  /** Sends an event once; the answer (or why there was none) is returned and kept in `deliveries`. */
  async send(event: MerchantEvent): Promise<HookDelivery> {
    this.#events.set(event.eventId, event);
    const delivery = await this.#deliver(event);
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Sends a known event again, freshly timestamped and signed, as a merchant's retry would; null when unknown. */
  async redeliver(eventId: string): Promise<HookDelivery | null> {
    const event = this.#events.get(eventId);
    return event ? this.send(event) : null;
  }

  async #deliver(event: MerchantEvent): Promise<HookDelivery> {
    const base = { eventId: event.eventId, type: event.type, at: new Date().toISOString() };
    if (this.#secret === undefined) return { ...base, status: null, answer: null, error: "no hook secret configured" };
    if (this.#url === null) {
      return { ...base, status: null, answer: null, error: "no hook URL configured (POST /__dev/hook-endpoint)" };
    }
    const body = JSON.stringify(event);
    try {
      const response = await fetch(this.#url, {
        method: "POST",
        headers: { "content-type": "application/json", ...merchantEventHeaders(this.#secret, body) },
        body,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      const text = await response.text();
      return { ...base, status: response.status, answer: parseOrKeep(text) };
    } catch (error) {
      return { ...base, status: null, answer: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
