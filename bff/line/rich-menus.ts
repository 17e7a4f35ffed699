import type { Logger } from "../lib/log.ts";
import type { LineMessaging } from "./messaging.ts";

/**
 * The alias `npm run richmenu -- apply` points at the menu linked members see. Friends who have
 * not linked see the account's default menu (the "unlinked" menu), so unlinking a user simply
 * removes their per-user menu.
 */
export const LINKED_MENU_ALIAS = "linked";

const aliasCache = new Map<string, { richMenuId: string; expiresAt: number }>();
const ALIAS_CACHE_MS = 5 * 60_000;

async function cachedAlias(messaging: LineMessaging, aliasId: string): Promise<string | null> {
  const cached = aliasCache.get(aliasId);
  if (cached && cached.expiresAt > Date.now()) return cached.richMenuId;
  const richMenuId = await messaging.richMenuIdForAlias(aliasId);
  // A missing alias is not remembered: the next link finds the menu as soon as it is applied.
  if (richMenuId) aliasCache.set(aliasId, { richMenuId, expiresAt: Date.now() + ALIAS_CACHE_MS });
  return richMenuId;
}

/**
 * Shows a user the rich menu that matches their link status. Best effort: the link at the
 * merchant is the truth, and a failure here is repaired by the next follow event or
 * `npm run richmenu -- resync`, so it is logged, never thrown.
 */
export async function showRichMenuForLinkStatus(
  messaging: LineMessaging,
  log: Logger,
  lineUserId: string,
  linked: boolean,
): Promise<"linked-menu" | "default-menu" | "failed"> {
  try {
    if (!linked) {
      await messaging.unlinkRichMenu(lineUserId);
      return "default-menu";
    }
    const richMenuId = await cachedAlias(messaging, LINKED_MENU_ALIAS);
    if (!richMenuId) {
      log.warn("no rich menu for linked members; run `npm run richmenu -- apply`", { alias: LINKED_MENU_ALIAS });
      return "failed";
    }
    await messaging.linkRichMenu(lineUserId, richMenuId);
    return "linked-menu";
  } catch (error) {
    log.warn("rich menu switch failed", { linked, error: error instanceof Error ? error.message : String(error) });
    return "failed";
  }
}
