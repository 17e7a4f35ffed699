import { RICH_MENU_LIMITS } from "./line-limits.ts";

// Desired menus + what the channel holds now → the list of changes, as plain data. No I/O:
// `plan` prints these, `apply` carries them out in order.

export interface DesiredMenuRef {
  key: string;
  name: string;
  aliasId: string;
  isDefault: boolean;
}

export interface CurrentMenu {
  richMenuId: string;
  name: string;
  /** False when the menu was created but its image never arrived (an interrupted apply). */
  hasImage: boolean;
}

export interface CurrentState {
  menus: CurrentMenu[];
  aliases: { richMenuAliasId: string; richMenuId: string }[];
  defaultRichMenuId: string | null;
}

/** A menu reference inside a plan: an existing id, or a menu the plan creates first. */
export type MenuTarget = { richMenuId: string } | { created: string };

export type PlanAction =
  | { kind: "create-menu"; key: string; name: string }
  | { kind: "upload-image"; key: string; name: string; richMenuId: string }
  | { kind: "keep-menu"; key: string; name: string; richMenuId: string }
  | { kind: "create-alias"; aliasId: string; key: string; target: MenuTarget }
  | { kind: "update-alias"; aliasId: string; key: string; target: MenuTarget; fromRichMenuId: string }
  | { kind: "set-default"; key: string; target: MenuTarget; fromRichMenuId: string | null }
  | { kind: "delete-alias"; aliasId: string; richMenuId: string }
  | { kind: "delete-menu"; name: string; richMenuId: string }
  /** A menu of ours no longer in the config, kept because --delete-stale was not given. */
  | { kind: "stale-menu"; name: string; richMenuId: string };

export interface HourlyUsage {
  create: number;
  delete: number;
  aliasDelete: number;
}

export interface Plan {
  actions: PlanAction[];
  /** What the plan spends of LINE's hourly limits. */
  needs: HourlyUsage;
  /** Reasons the plan must not run; empty when it may. */
  refusals: string[];
}

export interface PlanOptions {
  /** Menus whose name starts with `<prefix>:` belong to this config. */
  prefix: string;
  deleteStale: boolean;
  /** Creations/deletions this channel already made in the last hour (see ledger.ts). */
  usedThisHour?: HourlyUsage;
}

/** What must change on the channel so it holds exactly `desired`. */
export function planRichMenus(desired: DesiredMenuRef[], current: CurrentState, options: PlanOptions): Plan {
  const actions: PlanAction[] = [];
  const targets = new Map<string, MenuTarget>();
  const matched = new Set<string>();

  for (const menu of desired) {
    const existing = current.menus.find((candidate) => candidate.name === menu.name && !matched.has(candidate.richMenuId));
    if (existing) {
      matched.add(existing.richMenuId);
      targets.set(menu.key, { richMenuId: existing.richMenuId });
      actions.push(
        existing.hasImage
          ? { kind: "keep-menu", key: menu.key, name: menu.name, richMenuId: existing.richMenuId }
          : { kind: "upload-image", key: menu.key, name: menu.name, richMenuId: existing.richMenuId },
      );
    } else {
      targets.set(menu.key, { created: menu.key });
      actions.push({ kind: "create-menu", key: menu.key, name: menu.name });
    }
  }

  for (const menu of desired) {
    const target = targets.get(menu.key)!;
    const alias = current.aliases.find((candidate) => candidate.richMenuAliasId === menu.aliasId);
    if (alias === undefined) actions.push({ kind: "create-alias", aliasId: menu.aliasId, key: menu.key, target });
    else if (!("richMenuId" in target) || alias.richMenuId !== target.richMenuId) {
      actions.push({ kind: "update-alias", aliasId: menu.aliasId, key: menu.key, target, fromRichMenuId: alias.richMenuId });
    }
  }

  const defaultMenu = desired.find((menu) => menu.isDefault);
  if (defaultMenu) {
    const target = targets.get(defaultMenu.key)!;
    if (!("richMenuId" in target) || current.defaultRichMenuId !== target.richMenuId) {
      actions.push({ kind: "set-default", key: defaultMenu.key, target, fromRichMenuId: current.defaultRichMenuId });
    }
  }

  // Only menus named with this config's prefix are ours to delete; anything else on the
  // channel (the console's menus, another tool's) is left alone.
  const stale = current.menus.filter((menu) => menu.name.startsWith(`${options.prefix}:`) && !matched.has(menu.richMenuId));
  const desiredAliases = new Set(desired.map((menu) => menu.aliasId));
  for (const menu of stale) {
    if (!options.deleteStale) {
      actions.push({ kind: "stale-menu", name: menu.name, richMenuId: menu.richMenuId });
      continue;
    }
    // An alias left pointing at a deleted menu would break every richmenuswitch to it.
    for (const alias of current.aliases) {
      if (alias.richMenuId === menu.richMenuId && !desiredAliases.has(alias.richMenuAliasId)) {
        actions.push({ kind: "delete-alias", aliasId: alias.richMenuAliasId, richMenuId: menu.richMenuId });
      }
    }
    actions.push({ kind: "delete-menu", name: menu.name, richMenuId: menu.richMenuId });
  }

  const needs = {
    create: actions.filter((action) => action.kind === "create-menu").length,
    delete: actions.filter((action) => action.kind === "delete-menu").length,
    aliasDelete: actions.filter((action) => action.kind === "delete-alias").length,
  };
  return { actions, needs, refusals: refusals(needs, current, options.usedThisHour ?? { create: 0, delete: 0, aliasDelete: 0 }) };
}

function refusals(needs: HourlyUsage, current: CurrentState, used: HourlyUsage): string[] {
  const limit = RICH_MENU_LIMITS.hourlyLimit;
  const reasons: string[] = [];
  const spend = [
    ["creates", "rich menus", needs.create, used.create],
    ["deletes", "rich menus", needs.delete, used.delete],
    ["deletes", "rich menu aliases", needs.aliasDelete, used.aliasDelete],
  ] as const;
  for (const [verb, what, need, spent] of spend) {
    if (need > 0 && spent + need > limit) {
      reasons.push(
        `this plan ${verb} ${need} ${what}, but ${spent} of LINE's ${limit} per hour were already used: ` +
          "wait, or change fewer menus at once",
      );
    }
  }
  // Creations run before deletions, so the stale menus still count while new ones arrive.
  const menusAfterCreate = current.menus.length + needs.create;
  if (menusAfterCreate > RICH_MENU_LIMITS.maxMenusPerAccount) {
    reasons.push(
      `the channel would hold ${menusAfterCreate} rich menus, over LINE's ${RICH_MENU_LIMITS.maxMenusPerAccount}: delete unused menus first`,
    );
  }
  return reasons;
}

/** The actions that write to LINE (everything but keep and stale notes). */
export function changesOf(plan: Plan): PlanAction[] {
  return plan.actions.filter((action) => action.kind !== "keep-menu" && action.kind !== "stale-menu");
}

/** Splits `items` into consecutive chunks of at most `size` (bulk link takes 500 users a call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
