import { LINKED_MENU_ALIAS } from "../line/rich-menus.ts";
import type { DesiredMenu } from "./desired-menus.ts";
import type { RateLedger } from "./ledger.ts";
import { RICH_MENU_LIMITS } from "./line-limits.ts";
import type { RichMenuApi } from "./line-api.ts";
import { chunk, planRichMenus, type CurrentState, type MenuTarget, type Plan, type PlanAction } from "./planner.ts";

// The I/O around the planner: read the channel, carry out a plan, re-link linked members.

/** What the channel holds now; images are checked only for menus the config wants. */
export async function readCurrentState(api: RichMenuApi, desired: DesiredMenu[]): Promise<CurrentState> {
  const [menus, aliases, defaultRichMenuId] = await Promise.all([api.listMenus(), api.listAliases(), api.defaultMenuId()]);
  const wanted = new Set(desired.map((menu) => menu.name));
  return {
    menus: await Promise.all(
      menus.map(async (menu) => ({ ...menu, hasImage: wanted.has(menu.name) ? await api.hasImage(menu.richMenuId) : true })),
    ),
    aliases,
    defaultRichMenuId,
  };
}

export interface PlanForChannelOptions {
  prefix: string;
  deleteStale: boolean;
  ledger: RateLedger;
}

/** Reads the channel and plans against it. */
export async function planForChannel(api: RichMenuApi, desired: DesiredMenu[], options: PlanForChannelOptions): Promise<Plan> {
  const current = await readCurrentState(api, desired);
  return planRichMenus(desired, current, {
    prefix: options.prefix,
    deleteStale: options.deleteStale,
    usedThisHour: options.ledger.usedThisHour(),
  });
}

export class PlanRefusedError extends Error {
  constructor(readonly refusals: string[]) {
    super(`Refusing to apply:\n${refusals.map((reason) => `  - ${reason}`).join("\n")}`);
    this.name = "PlanRefusedError";
  }
}

export interface ApplyResult {
  /** The writes made, in order. */
  done: PlanAction[];
  /** Ids of the desired menus, by key. */
  richMenuIds: Record<string, string>;
}

/**
 * Carries out a plan in order: menus and images first, then aliases and the default (so
 * nothing ever points at a menu without an image), deletions last. Stops at the first error;
 * running apply again picks up where it stopped.
 */
export async function applyPlan(
  api: RichMenuApi,
  plan: Plan,
  desired: DesiredMenu[],
  { ledger, onAction }: { ledger: RateLedger; onAction?: (action: PlanAction) => void },
): Promise<ApplyResult> {
  if (plan.refusals.length > 0) throw new PlanRefusedError(plan.refusals);
  const byKey = new Map(desired.map((menu) => [menu.key, menu]));
  const richMenuIds: Record<string, string> = {};
  const resolveTarget = (target: MenuTarget) => ("richMenuId" in target ? target.richMenuId : richMenuIds[target.created]);
  const done: PlanAction[] = [];

  for (const action of plan.actions) {
    switch (action.kind) {
      case "keep-menu":
        richMenuIds[action.key] = action.richMenuId;
        continue;
      case "stale-menu":
        continue;
      case "create-menu": {
        const menu = byKey.get(action.key)!;
        ledger.record("create");
        const richMenuId = await api.createMenu(menu.richMenu);
        try {
          await api.uploadImage(richMenuId, menu.image.bytes, menu.image.contentType);
        } catch (error) {
          // A menu without an image cannot be shown or aliased; do not leave it behind.
          ledger.record("delete");
          await api.deleteMenu(richMenuId).catch(() => undefined);
          throw error;
        }
        richMenuIds[action.key] = richMenuId;
        break;
      }
      case "upload-image": {
        const menu = byKey.get(action.key)!;
        await api.uploadImage(action.richMenuId, menu.image.bytes, menu.image.contentType);
        richMenuIds[action.key] = action.richMenuId;
        break;
      }
      case "create-alias":
        await api.createAlias(action.aliasId, resolveTarget(action.target));
        break;
      case "update-alias":
        await api.updateAlias(action.aliasId, resolveTarget(action.target));
        break;
      case "set-default":
        await api.setDefault(resolveTarget(action.target));
        break;
      case "delete-alias":
        ledger.record("aliasDelete");
        await api.deleteAlias(action.aliasId);
        break;
      case "delete-menu":
        ledger.record("delete");
        await api.deleteMenu(action.richMenuId);
        break;
    }
    done.push(action);
    onAction?.(action);
  }
  return { done, richMenuIds };
}

export interface LinkedMembersPage {
  lineUserIds: string[];
  nextCursor: string | null;
}

export interface ResyncResult {
  richMenuId: string;
  pages: number;
  members: number;
  bulkLinkCalls: number;
}

/**
 * Links every linked member to the menu behind the `linked` alias, 500 users per bulk call,
 * reading the merchant's links a page at a time. Users who are not friends are skipped by
 * LINE itself (it answers 202 and does nothing for them).
 */
export async function resyncLinkedMembers(
  api: RichMenuApi,
  listPage: (cursor: string | undefined) => Promise<LinkedMembersPage>,
  { batchSize = RICH_MENU_LIMITS.maxBulkLinkUsers, onBatch }: { batchSize?: number; onBatch?: (linked: number) => void } = {},
): Promise<ResyncResult> {
  const richMenuId = await api.aliasTarget(LINKED_MENU_ALIAS);
  if (richMenuId === null) throw new Error(`there is no "${LINKED_MENU_ALIAS}" rich menu alias yet: run apply first`);
  const result: ResyncResult = { richMenuId, pages: 0, members: 0, bulkLinkCalls: 0 };
  const seen = new Set<string>();
  let pending: string[] = [];

  const flush = async (all: boolean) => {
    const batches = chunk(pending, batchSize);
    const ready = all ? batches : batches.filter((batch) => batch.length === batchSize);
    for (const batch of ready) {
      await api.linkMenuToUsers(richMenuId, batch);
      result.bulkLinkCalls += 1;
      result.members += batch.length;
      onBatch?.(result.members);
    }
    pending = all ? [] : pending.slice(ready.length * batchSize);
  };

  let cursor: string | undefined;
  do {
    const page = await listPage(cursor);
    result.pages += 1;
    for (const userId of page.lineUserIds) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      pending.push(userId);
    }
    await flush(false);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  await flush(true);
  return result;
}
