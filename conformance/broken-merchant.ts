import { randomUUID } from "node:crypto";
import { CheckInRequest } from "../shared/merchant-contract.ts";
import { serveOnLoopback } from "../test/fakes/http-server.ts";

// A deliberately broken merchant for the suite's own test: a proxy in front of the sandbox
// merchant that breaks one rule of the contract per break, so the test can show the suite
// reports each as a failure of the right operation and check.

export type Break =
  /** getOrder answers another member's order instead of 404. */
  | "answersOtherMembersOrders"
  /** createPointTransaction ignores the Idempotency-Key: a replay awards again. */
  | "ignoresIdempotencyKeys"
  /** createCheckIn accepts a body that is not a CheckInRequest (it books a default check-in instead). */
  | "acceptsInvalidBody"
  /** getReservation answers an unknown reservation 404 with code forbidden instead of not_found. */
  | "wrongErrorCode"
  /** createReservation answers a full slot 201 with a made-up reservation instead of 409 slot_full. */
  | "overbooks";

export interface BrokenMerchantOptions {
  /** The sandbox merchant's origin. */
  upstream: string;
  breaks: readonly Break[];
  /** Members to look another member's order up in (answersOtherMembersOrders). */
  memberIds: readonly string[];
  /** What acceptsInvalidBody books instead of an invalid body. */
  defaultCheckIn: { storeId: string; staffId: string };
}

const ORDER_PATH = /^\/v1\/members\/([^/]+)\/orders\/([^/]+)$/;
const RESERVATION_PATH = /^\/v1\/members\/([^/]+)\/reservations\/([^/]+)$/;
const RESERVATIONS_PATH = /^\/v1\/members\/([^/]+)\/reservations$/;
const POINT_TRANSACTIONS_PATH = /^\/v1\/members\/[^/]+\/point-transactions$/;
const CHECK_INS_PATH = /^\/v1\/members\/[^/]+\/check-ins$/;

export async function startBrokenMerchant(options: BrokenMerchantOptions): Promise<{ url: string; close(): Promise<void> }> {
  const broken = new Set(options.breaks);
  let lastReservation: Record<string, unknown> | null = null;

  const forward = async (request: Request, path: string, override: { headers?: Headers; body?: string } = {}) => {
    const url = new URL(request.url);
    const body = override.body ?? (request.method === "GET" || request.method === "HEAD" ? undefined : await request.text());
    const headers = new Headers(override.headers ?? request.headers);
    for (const name of ["host", "content-length", "connection", "transfer-encoding"]) headers.delete(name);
    return fetch(`${options.upstream}${path}${url.search}`, { method: request.method, headers, body });
  };

  const handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;

    if (broken.has("ignoresIdempotencyKeys") && request.method === "POST" && POINT_TRANSACTIONS_PATH.test(path)) {
      const headers = new Headers(request.headers);
      if (headers.has("idempotency-key")) headers.set("idempotency-key", `broken-${randomUUID()}`);
      return forward(request, path, { headers });
    }

    if (broken.has("acceptsInvalidBody") && request.method === "POST" && CHECK_INS_PATH.test(path)) {
      const text = await request.text();
      const valid = CheckInRequest.safeParse(parseOrUndefined(text)).success;
      return forward(request, path, { body: valid ? text : JSON.stringify(options.defaultCheckIn) });
    }

    const order = ORDER_PATH.exec(path);
    if (broken.has("answersOtherMembersOrders") && request.method === "GET" && order) {
      const answer = await forward(request, path);
      if (answer.status !== 404) return answer;
      for (const memberId of options.memberIds) {
        const other = await forward(request, `/v1/members/${memberId}/orders/${order[2]}`);
        if (other.status === 200) return other;
      }
      return answer;
    }

    if (broken.has("wrongErrorCode") && request.method === "GET" && RESERVATION_PATH.test(path)) {
      const answer = await forward(request, path);
      if (answer.status !== 404) return answer;
      const body = (await answer.json()) as { error: { code: string } };
      return Response.json({ error: { ...body.error, code: "forbidden" } }, { status: 404 });
    }

    const reservations = RESERVATIONS_PATH.exec(path);
    if (broken.has("overbooks") && request.method === "POST" && reservations) {
      const text = await request.text();
      const answer = await forward(request, path, { body: text });
      if (answer.status === 201) {
        const created = (await answer.clone().json()) as Record<string, unknown>;
        lastReservation = created;
        return answer;
      }
      if (answer.status !== 409 || lastReservation === null) return answer;
      const wanted = parseOrUndefined(text) as { startsAt?: string } | undefined;
      return Response.json(
        {
          ...lastReservation,
          reservationId: `rsv_overbooked_${randomUUID().slice(0, 8)}`,
          memberId: reservations[1],
          startsAt: wanted?.startsAt ?? lastReservation.startsAt,
          status: "confirmed",
        },
        { status: 201 },
      );
    }

    return forward(request, path);
  };

  return serveOnLoopback(handle);
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
