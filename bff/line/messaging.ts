import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";

type Message = messagingApi.Message;

export interface LineMessagingOptions {
  /** `https://api.line.me` in production; the fake platform in dev and tests. */
  baseUrl: string;
  channelAccessToken: string;
  log: Logger;
  /** Attempts per call, the first included (429 and 5xx are retried). */
  maxAttempts?: number;
  /** Longest wait the BFF accepts between attempts inside one request. */
  maxDelayMs?: number;
}

/** The BFF's only way to call the Messaging API; retries 429/5xx and never sends twice. */
export interface LineMessaging {
  /** Pushes up to 5 messages; the retry key makes a repeated call (ours or the caller's) harmless. */
  push(to: string, messages: Message[], retryKey?: string): Promise<void>;
  /** Replies with a webhook event's reply token (free); false when LINE refused the token (used or expired). */
  reply(replyToken: string, messages: Message[]): Promise<boolean>;
  linkRichMenu(userId: string, richMenuId: string): Promise<void>;
  unlinkRichMenu(userId: string): Promise<void>;
  richMenuIdForAlias(aliasId: string): Promise<string | null>;
  issueLinkToken(userId: string): Promise<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the Messaging API client for one request (its logger) over @line/bot-sdk. */
export function createLineMessaging(options: LineMessagingOptions): LineMessaging {
  const client = new messagingApi.MessagingApiClient({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    channelAccessToken: options.channelAccessToken,
  });
  const maxAttempts = options.maxAttempts ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 2000;

  async function withRetries<T>(operation: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const status = error instanceof HTTPFetchError ? error.status : null;
        const retriable = status === null || status === 429 || status >= 500;
        options.log.warn("line call failed", { operation, status, attempt });
        if (!retriable || attempt >= maxAttempts) {
          throw new UpstreamError("upstream_unavailable", `LINE answered ${status ?? "nothing"} to ${operation}`, {
            cause: error,
          });
        }
        await sleep(Math.min(maxDelayMs, retryDelayMs(error, attempt)));
      }
    }
  }

  return {
    async push(to, messages, retryKey = crypto.randomUUID()) {
      await withRetries("push", async () => {
        try {
          await client.pushMessage({ to, messages }, retryKey);
        } catch (error) {
          // 409 with a retry key: LINE already accepted this very request.
          if (error instanceof HTTPFetchError && error.status === 409) return;
          throw error;
        }
      });
    },
    async reply(replyToken, messages) {
      return withRetries("reply", async () => {
        try {
          await client.replyMessage({ replyToken, messages });
          return true;
        } catch (error) {
          // 400 is how LINE refuses a used or expired reply token; the caller can push instead.
          if (error instanceof HTTPFetchError && error.status === 400) return false;
          throw error;
        }
      });
    },
    async linkRichMenu(userId, richMenuId) {
      await withRetries("linkRichMenu", () => client.linkRichMenuIdToUser(userId, richMenuId));
    },
    async unlinkRichMenu(userId) {
      await withRetries("unlinkRichMenu", async () => {
        try {
          await client.unlinkRichMenuIdFromUser(userId);
        } catch (error) {
          // Nothing linked per user: the default menu already shows, which is what unlinking wants.
          if (error instanceof HTTPFetchError && error.status === 404) return;
          throw error;
        }
      });
    },
    async richMenuIdForAlias(aliasId) {
      return withRetries("getRichMenuAlias", async () => {
        try {
          return (await client.getRichMenuAlias(aliasId)).richMenuId;
        } catch (error) {
          if (error instanceof HTTPFetchError && (error.status === 404 || error.status === 400)) return null;
          throw error;
        }
      });
    },
    async issueLinkToken(userId) {
      return (await withRetries("issueLinkToken", () => client.issueLinkToken(userId))).linkToken;
    },
  };
}

/** Retry-After when LINE sends one (429), else exponential backoff from 200 ms. */
export function retryDelayMs(error: unknown, attempt: number): number {
  if (error instanceof HTTPFetchError) {
    const retryAfter = Number(error.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  }
  return 200 * 2 ** (attempt - 1);
}
