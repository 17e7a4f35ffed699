import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { errorBody } from "../../shared/errors.ts";
import { sendToQueue } from "../delivery/outbox.ts";
import type { QuotaReading } from "../delivery/sweeper.ts";
import type { AppEnv } from "../env.ts";
import { japanMonth } from "../reservations/japan-time.ts";
import { deferredRegisterWriteReport } from "../staff/deferred-writes.ts";
import { opsPage, opsPageScript } from "./ops-page.ts";

// Operations (mounted at /ops): the delivery pipeline as the merchant's operator sees it, and
// the retry of dead letters after an outage. Guarded by OPS_TOKEN (Authorization: Bearer);
// without OPS_TOKEN the routes do not exist. The page itself holds no data: its script asks
// the JSON routes with the token the operator pastes (or `#token=` from `npm run dev`).

const STATES = ["queued", "sending", "retrying", "sent", "dead", "quota_exhausted", "cancelled"] as const;

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

/** Compares digests, so the time taken says nothing about how much of a guess was right. */
async function sameSecret(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

const requireOpsToken = () =>
  createMiddleware<AppEnv>(async function opsToken(c, next) {
    const expected = c.env.OPS_TOKEN;
    const requestId = c.get("requestId");
    if (!expected) return c.json(errorBody("not_found", "No such route", { requestId }), 404);
    const presented = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (!presented || !(await sameSecret(presented, expected))) {
      c.get("log").warn("ops request refused");
      return c.json(errorBody("unauthorized", "Present the OPS_TOKEN as a bearer token", { requestId }), 401);
    }
    c.header("cache-control", "no-store");
    return next();
  });

/** Shows a LINE user id the way an operator needs it: enough to tell two apart, not to copy. */
const maskUser = (id: string) => (id.length > 10 ? `${id.slice(0, 5)}…${id.slice(-4)}` : id);

/** The page itself, at /ops/ (the Worker answers /ops/* first; /ops alone would be the SPA's). */
export const opsPageRoute = new Hono<AppEnv>().get("/", (c) => {
  if (!c.env.OPS_TOKEN) return c.json(errorBody("not_found", "No such route", { requestId: c.get("requestId") }), 404);
  return c.html(opsPage());
});

export const opsRoutes = new Hono<AppEnv>()
  .get("/page.js", (c) => {
    if (!c.env.OPS_TOKEN) return c.json(errorBody("not_found", "No such route", { requestId: c.get("requestId") }), 404);
    return c.body(opsPageScript(), 200, { "content-type": "text/javascript; charset=utf-8" });
  })
  .get("/deliveries", requireOpsToken(), async (c) => {
    const db = c.env.DB;
    const state = STATES.find((s) => s === c.req.query("state")) ?? null;
    const [counts, eventCounts, rows, events, quota, sent] = await db.batch([
      db.prepare("SELECT state, count(*) AS n FROM deliveries GROUP BY state"),
      db.prepare("SELECT state, count(*) AS n FROM webhook_events GROUP BY state"),
      db
        .prepare(
          `SELECT delivery_id, kind, channel, sent_via, line_user_id, state, attempts, last_error, created_at, next_attempt_at, sent_at
           FROM deliveries WHERE (?1 IS NULL AND state != 'sent') OR state = ?1 ORDER BY created_at DESC LIMIT 100`,
        )
        .bind(state),
      db.prepare(
        `SELECT webhook_event_id, event_type, state, attempts, last_error, received_at FROM webhook_events
           WHERE state IN ('retrying', 'dead', 'processing', 'queued') ORDER BY received_at DESC LIMIT 50`,
      ),
      db.prepare("SELECT value FROM job_state WHERE name = 'line_quota'"),
      db.prepare("SELECT kind, sent FROM message_counts WHERE month = ?1 ORDER BY kind").bind(japanMonth(Date.now())),
    ]);
    type Row = Record<string, unknown>;
    const tally = (result: { results?: unknown[] } | undefined) =>
      Object.fromEntries(((result?.results ?? []) as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]));
    const quotaRow = (quota?.results?.[0] as { value?: string } | undefined)?.value;
    // Check-ins and awards accepted while the merchant was down (bff/staff/deferred-writes.ts).
    const registerWrites = await deferredRegisterWriteReport(db);
    return c.json(
      {
        deliveries: tally(counts),
        webhookEvents: tally(eventCounts),
        rows: ((rows?.results ?? []) as Row[]).map((row) => ({ ...row, line_user_id: maskUser(String(row.line_user_id)) })),
        events: events?.results ?? [],
        quota: quotaRow ? (JSON.parse(quotaRow) as QuotaReading) : null,
        sentThisMonth: Object.fromEntries(
          ((sent?.results ?? []) as Array<{ kind: string; sent: number }>).map((r) => [r.kind, r.sent]),
        ),
        registerWrites,
      },
      200,
    );
  })
  .post("/deliveries/retry-dead", requireOpsToken(), async (c) => {
    const now = Date.now();
    // A reply or a service message whose outcome was unknown is never repeated (it may have
    // arrived, and neither has a retry key). Everything else starts a fresh retry window with its own retry key, which
    // LINE still remembers if the first attempt was within 24 hours.
    const [deliveries, events] = await c.env.DB.batch<{ id: string }>([
      c.env.DB.prepare(
        `UPDATE deliveries SET state = 'queued', attempts = 0, first_attempt_at = NULL, next_attempt_at = ?1, last_error = NULL
           WHERE state = 'dead' AND channel != 'reply' AND sent_via IS NOT 'service' RETURNING delivery_id AS id`,
      ).bind(now),
      c.env.DB.prepare(
        `UPDATE webhook_events SET state = 'queued', attempts = 0, next_attempt_at = ?1, last_error = NULL
           WHERE state = 'dead' RETURNING webhook_event_id AS id`,
      ).bind(now),
    ]);
    const bodies = [
      ...(deliveries?.results ?? []).map((row) => ({ type: "delivery" as const, id: row.id })),
      ...(events?.results ?? []).map((row) => ({ type: "webhook" as const, id: row.id })),
    ];
    await sendToQueue(
      c.env.DELIVERY_QUEUE,
      bodies.map((body) => ({ body })),
      c.get("log"),
    );
    c.get("log").info("dead letters queued again", {
      deliveries: deliveries?.results.length ?? 0,
      webhookEvents: events?.results.length ?? 0,
    });
    return c.json({ deliveries: deliveries?.results.length ?? 0, webhookEvents: events?.results.length ?? 0 }, 200);
  });
