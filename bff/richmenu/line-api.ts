import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { retryDelayMs } from "../line/messaging.ts";
import type { LineRichMenu } from "./desired-menus.ts";

// The rich menu endpoints the tool uses, over @line/bot-sdk, with LINE's 429 (Retry-After)
// and 5xx retried a bounded number of times. Creating a menu is not idempotent, so a create
// that fails with 5xx is checked against the menu list before anything is tried again.

export interface RichMenuApiOptions {
  /** https://api.line.me, or the fake platform. */
  apiBase: string;
  /** https://api-data.line.me (image upload), or the fake platform. */
  dataApiBase: string;
  channelAccessToken: string;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** The longest wait the tool accepts between attempts; a longer Retry-After fails the call. */
  maxDelayMs?: number;
  /** Told about each retry, so the CLI can say why it is waiting. */
  onRetry?: (operation: string, status: number | null, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface RichMenuSummary {
  richMenuId: string;
  name: string;
}

export interface RichMenuApi {
  listMenus(): Promise<RichMenuSummary[]>;
  listAliases(): Promise<{ richMenuAliasId: string; richMenuId: string }[]>;
  defaultMenuId(): Promise<string | null>;
  hasImage(richMenuId: string): Promise<boolean>;
  createMenu(menu: LineRichMenu): Promise<string>;
  uploadImage(richMenuId: string, bytes: Uint8Array, contentType: string): Promise<void>;
  createAlias(aliasId: string, richMenuId: string): Promise<void>;
  updateAlias(aliasId: string, richMenuId: string): Promise<void>;
  deleteAlias(aliasId: string): Promise<void>;
  aliasTarget(aliasId: string): Promise<string | null>;
  setDefault(richMenuId: string): Promise<void>;
  deleteMenu(richMenuId: string): Promise<void>;
  linkMenuToUsers(richMenuId: string, userIds: string[]): Promise<void>;
}

/** LINE refused a call, or kept failing; `status` is null when no answer came back. */
export class LineApiError extends Error {
  readonly operation: string;
  readonly status: number | null;

  constructor(operation: string, status: number | null, detail: string, options?: { cause?: unknown }) {
    super(`LINE answered ${status ?? "nothing"} to ${operation}: ${detail}`, options);
    this.name = "LineApiError";
    this.operation = operation;
    this.status = status;
  }
}

const statusOf = (error: unknown) => (error instanceof HTTPFetchError ? error.status : null);

function detailOf(error: unknown): string {
  if (!(error instanceof HTTPFetchError)) return error instanceof Error ? error.message : String(error);
  try {
    const body = JSON.parse(error.body) as { message?: string; details?: { property?: string; message?: string }[] };
    const details = (body.details ?? []).map((detail) => `${detail.property}: ${detail.message}`).join("; ");
    return [body.message, details].filter(Boolean).join(" — ") || error.statusText;
  } catch {
    return error.body || error.statusText;
  }
}

/** Creates the rich menu client used by plan, apply and resync. */
export function createRichMenuApi(options: RichMenuApiOptions): RichMenuApi {
  const client = new messagingApi.MessagingApiClient({
    baseURL: options.apiBase.replace(/\/+$/, ""),
    channelAccessToken: options.channelAccessToken,
  });
  const blobClient = new messagingApi.MessagingApiBlobClient({
    baseURL: options.dataApiBase.replace(/\/+$/, ""),
    channelAccessToken: options.channelAccessToken,
  });
  const maxAttempts = options.maxAttempts ?? 4;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** Runs `call`, retrying 429 and (unless `retryServerErrors` is false) 5xx and network errors. */
  async function withRetries<T>(operation: string, call: () => Promise<T>, retryServerErrors = true): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const status = statusOf(error);
        const retriable = status === 429 || (retryServerErrors && (status === null || status >= 500));
        const delay = retryDelayMs(error, attempt);
        if (!retriable || attempt >= maxAttempts) throw new LineApiError(operation, status, detailOf(error), { cause: error });
        if (delay > maxDelayMs) {
          throw new LineApiError(
            operation,
            status,
            `${detailOf(error)} (LINE asks to wait ${Math.ceil(delay / 1000)} s; try again later)`,
            {
              cause: error,
            },
          );
        }
        options.onRetry?.(operation, status, delay);
        await sleep(delay);
      }
    }
  }

  /** Some calls answer 404 for "there is none", which is an answer, not a failure. */
  async function orNullOn404<T>(operation: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await withRetries(operation, call);
    } catch (error) {
      if (error instanceof LineApiError && error.status === 404) return null;
      throw error;
    }
  }

  const api: RichMenuApi = {
    async listMenus() {
      const { richmenus } = await withRetries("getRichMenuList", () => client.getRichMenuList());
      return richmenus.map(({ richMenuId, name }) => ({ richMenuId, name }));
    },
    async listAliases() {
      const { aliases } = await withRetries("getRichMenuAliasList", () => client.getRichMenuAliasList());
      return aliases.map(({ richMenuAliasId, richMenuId }) => ({ richMenuAliasId, richMenuId }));
    },
    async defaultMenuId() {
      return (await orNullOn404("getDefaultRichMenuId", () => client.getDefaultRichMenuId()))?.richMenuId ?? null;
    },
    async hasImage(richMenuId) {
      const image = await orNullOn404("getRichMenuImage", async () => {
        const stream = await blobClient.getRichMenuImage(richMenuId);
        for await (const _ of stream) void _;
        return true;
      });
      return image !== null;
    },
    async createMenu(menu) {
      try {
        // A 5xx may hide a menu that was created: look for it by name instead of creating twice.
        return (await withRetries("createRichMenu", () => client.createRichMenu(menu), false)).richMenuId;
      } catch (error) {
        if (!(error instanceof LineApiError) || (error.status !== null && error.status < 500)) throw error;
        const created = (await api.listMenus()).find((candidate) => candidate.name === menu.name);
        if (created) return created.richMenuId;
        return (await withRetries("createRichMenu", () => client.createRichMenu(menu), false)).richMenuId;
      }
    },
    async uploadImage(richMenuId, bytes, contentType) {
      const body = new Blob([new Uint8Array(bytes)], { type: contentType });
      await withRetries("setRichMenuImage", () => blobClient.setRichMenuImage(richMenuId, body));
    },
    async createAlias(richMenuAliasId, richMenuId) {
      await withRetries("createRichMenuAlias", () => client.createRichMenuAlias({ richMenuAliasId, richMenuId }));
    },
    async updateAlias(richMenuAliasId, richMenuId) {
      await withRetries("updateRichMenuAlias", () => client.updateRichMenuAlias(richMenuAliasId, { richMenuId }));
    },
    async deleteAlias(richMenuAliasId) {
      // Gone already (a retried delete, or someone else): that is what we wanted.
      await orNullOn404("deleteRichMenuAlias", () => client.deleteRichMenuAlias(richMenuAliasId));
    },
    async aliasTarget(richMenuAliasId) {
      return (await orNullOn404("getRichMenuAlias", () => client.getRichMenuAlias(richMenuAliasId)))?.richMenuId ?? null;
    },
    async setDefault(richMenuId) {
      await withRetries("setDefaultRichMenu", () => client.setDefaultRichMenu(richMenuId));
    },
    async deleteMenu(richMenuId) {
      await orNullOn404("deleteRichMenu", () => client.deleteRichMenu(richMenuId));
    },
    async linkMenuToUsers(richMenuId, userIds) {
      await withRetries("linkRichMenuIdToUsers", () => client.linkRichMenuIdToUsers({ richMenuId, userIds }));
    },
  };
  return api;
}
