import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import type { Logger } from "../lib/log.ts";
import { readNotificationToken, type LineMessaging } from "../line/messaging.ts";
import { MessageKind } from "./kinds.ts";

// LINE MINI App service messages: when the app runs as a verified MINI App, confirmations and
// reminders of what the user did in the app go as service messages (free, not counted against
// the quota) instead of pushes. The app sends its LIFF access token with the write
// (`x-liff-access-token`); the BFF trades it for a notification token kept per subject
// ("reservation:<id>", "order:<id>"). A token allows 5 sends and is renewed by each send. The
// consumer (consumer.ts) sends with it while it lasts and pushes otherwise.
// https://developers.line.biz/en/docs/line-mini-app/develop/service-messages/

/** The kinds that may go as service messages: confirmations and reminders of the user's own actions. */
export const ServiceMessageKind = MessageKind.extract([
  "reservation_booked",
  "reservation_changed",
  "reservation_cancelled",
  "reservation_reminder",
  "order_confirmation",
]);
export type ServiceMessageKind = z.infer<typeof ServiceMessageKind>;

/** A reviewed template's name, as the LINE Developers console shows it (LINE allows up to 30 characters). */
const TemplateName = z.string().min(1).max(30);

/** Keys are checked against ServiceMessageKind first, for an error that names them. */
const ServiceTemplates = z.record(z.string(), TemplateName);

export type ServiceTemplateMap = Partial<Record<ServiceMessageKind, string>>;

/** The header the app sends its LIFF access token in, with the writes that can start service messages. */
export const LIFF_ACCESS_TOKEN_HEADER = "x-liff-access-token";

/** How long a write waits for LINE to issue a notification token before it goes on without one. */
const EXCHANGE_TIMEOUT_MS = 3000;

/**
 * Reads SERVICE_MESSAGE_TEMPLATES: a JSON object from message kind to reviewed template name,
 * e.g. {"reservation_booked":"reservation_confirm_ja"}. Empty or `{}` turns the feature off. A
 * wrong kind or name is an error naming it, so a typo never silently sends pushes instead.
 */
export function parseServiceTemplates(value: string | undefined): ServiceTemplateMap {
  const text = (value ?? "").trim();
  if (text === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('SERVICE_MESSAGE_TEMPLATES: not JSON; expected an object such as {"reservation_booked":"<template name>"}');
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new Error('SERVICE_MESSAGE_TEMPLATES: expected an object such as {"reservation_booked":"<template name>"}');
  }
  const unknown = Object.keys(json).filter((key) => !ServiceMessageKind.safeParse(key).success);
  if (unknown.length > 0) {
    throw new Error(
      `SERVICE_MESSAGE_TEMPLATES: ${unknown.map((key) => `"${key}"`).join(", ")} cannot go as a service message; known: ${ServiceMessageKind.options.join(", ")}`,
    );
  }
  const parsed = ServiceTemplates.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))];
    throw new Error(
      `SERVICE_MESSAGE_TEMPLATES: ${fields.map((field) => `"${field}"`).join(", ")} must be a template name of 1 to 30 characters`,
    );
  }
  return parsed.data as ServiceTemplateMap;
}

export function templateFor(templates: ServiceTemplateMap, kind: string): string | undefined {
  return ServiceMessageKind.safeParse(kind).success ? templates[kind as ServiceMessageKind] : undefined;
}

export interface StoredNotificationToken {
  token: string;
  remaining_count: number;
}

const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

export interface ExchangeRequest {
  db: D1Database;
  line: LineMessaging;
  log: Logger;
  templates: ServiceTemplateMap;
  kind: ServiceMessageKind;
  subject: string;
  lineUserId: string;
  liffAccessToken: string | undefined;
  now?: number;
}

/**
 * Trades the LIFF access token for a notification token kept for the subject, when a template is
 * configured for the kind. Never throws: without a token the message simply goes as a push.
 * LINE allows one notification token per LIFF access token, and the app's LIFF access token
 * lasts its whole session, so a token already traded is not traded again: the subject it was
 * traded for keeps it, and other subjects of the same session go by push.
 */
export async function exchangeNotificationToken(request: ExchangeRequest): Promise<"stored" | "skipped" | "failed"> {
  const { db, line, log, liffAccessToken } = request;
  if (!liffAccessToken || templateFor(request.templates, request.kind) === undefined) return "skipped";
  try {
    const hash = await sha256(liffAccessToken);
    const traded = await db
      .prepare("SELECT 1 AS hit FROM service_message_tokens WHERE liff_token_hash = ?1 LIMIT 1")
      .bind(hash)
      .first();
    if (traded) return "skipped";
    const outcome = await line.issueNotificationToken(liffAccessToken, EXCHANGE_TIMEOUT_MS);
    const answer = outcome.ok ? readNotificationToken(outcome.body) : null;
    if (!answer) {
      log.warn("service notification token not issued; messages go by push", {
        kind: request.kind,
        status: outcome.status,
        reason: outcome.ok ? "unreadable answer" : "reason" in outcome ? outcome.reason : outcome.kind,
      });
      return "failed";
    }
    const now = request.now ?? Date.now();
    await db
      .prepare(
        `INSERT INTO service_message_tokens (subject, line_user_id, token, remaining_count, expires_at, session_id, liff_token_hash, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (subject) DO UPDATE SET line_user_id = excluded.line_user_id, token = excluded.token,
           remaining_count = excluded.remaining_count, expires_at = excluded.expires_at, session_id = excluded.session_id,
           liff_token_hash = excluded.liff_token_hash, updated_at = excluded.updated_at`,
      )
      .bind(
        request.subject,
        request.lineUserId,
        answer.notificationToken,
        answer.remainingCount,
        now + answer.expiresIn * 1000,
        answer.sessionId,
        hash,
        now,
      )
      .run();
    return "stored";
  } catch (error) {
    log.warn("service notification token not kept; messages go by push", {
      kind: request.kind,
      error: error instanceof Error ? error.message : "unknown",
    });
    return "failed";
  }
}

/**
 * For the write routes: keeps a notification token for the subject when the app sent its LIFF
 * access token and a template is configured for the kind. Call it before recording the message.
 */
export async function keepServiceToken(c: Context<AppEnv>, kind: ServiceMessageKind, subject: string): Promise<void> {
  const liffAccessToken = c.req.header(LIFF_ACCESS_TOKEN_HEADER)?.trim();
  if (!liffAccessToken) return;
  let templates: ServiceTemplateMap;
  try {
    templates = parseServiceTemplates(c.env.SERVICE_MESSAGE_TEMPLATES);
  } catch (error) {
    c.get("log").error("SERVICE_MESSAGE_TEMPLATES is wrong; messages go by push", {
      error: error instanceof Error ? error.message : "unknown",
    });
    return;
  }
  await exchangeNotificationToken({
    db: c.env.DB,
    line: c.get("line"),
    log: c.get("log"),
    templates,
    kind,
    subject,
    lineUserId: c.get("lineUserId"),
    liffAccessToken,
  });
}

/** The subject's usable token for this user: unexpired, with sends left. */
export async function usableToken(
  db: D1Database,
  subject: string,
  lineUserId: string,
  now: number,
): Promise<StoredNotificationToken | null> {
  return db
    .prepare(
      `SELECT token, remaining_count FROM service_message_tokens
       WHERE subject = ?1 AND line_user_id = ?2 AND remaining_count > 0 AND expires_at > ?3`,
    )
    .bind(subject, lineUserId, now)
    .first<StoredNotificationToken>();
}

/** After a send: the renewed token replaces the one used (unless a newer exchange replaced it meanwhile). */
export async function renewToken(
  db: D1Database,
  subject: string,
  used: string,
  answer: { notificationToken: string; remainingCount: number; expiresIn: number },
  now: number,
) {
  await db
    .prepare(
      `UPDATE service_message_tokens SET token = ?3, remaining_count = ?4, expires_at = ?5, updated_at = ?6
       WHERE subject = ?1 AND token = ?2`,
    )
    .bind(subject, used, answer.notificationToken, answer.remainingCount, now + answer.expiresIn * 1000, now)
    .run();
}

/**
 * LINE refused the token (expired, used up, unknown): it is spent. The row stays (remaining 0)
 * until retention removes it, so its LIFF access token is not traded a second time.
 */
export async function spendToken(db: D1Database, subject: string, used: string, now: number) {
  await db
    .prepare("UPDATE service_message_tokens SET remaining_count = 0, updated_at = ?3 WHERE subject = ?1 AND token = ?2")
    .bind(subject, used, now)
    .run();
}
