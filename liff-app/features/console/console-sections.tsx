import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { MessageKey } from "../../lib/messages.ts";

/**
 * The console's areas, in the order the menu shows them. Each is its own chunk, loaded when
 * opened; `path` is under /console, the first area is where /console opens.
 */
export interface ConsoleSection {
  path: string;
  label: MessageKey;
  Screen: LazyExoticComponent<ComponentType>;
}

export const consoleSections: readonly ConsoleSection[] = [
  {
    path: "dashboard",
    label: "console.nav.dashboard",
    Screen: lazyArea(() => import("./dashboard/dashboard-screen.tsx"), "DashboardScreen"),
  },
  {
    path: "segments",
    label: "console.nav.segments",
    Screen: lazyArea(() => import("./segments/segments-screen.tsx"), "SegmentsScreen"),
  },
  {
    path: "tags",
    label: "console.nav.tags",
    Screen: lazyArea(() => import("./tags/tags-screen.tsx"), "TagsScreen"),
  },
  {
    path: "campaigns",
    label: "console.nav.campaigns",
    Screen: lazyArea(() => import("./campaigns/campaigns-screen.tsx"), "CampaignsScreen"),
  },
  {
    path: "scenarios",
    label: "console.nav.scenarios",
    Screen: lazyArea(() => import("./scenarios/scenarios-screen.tsx"), "ScenariosScreen"),
  },
  {
    path: "rich-menus",
    label: "console.nav.richMenus",
    Screen: lazyArea(() => import("./rich-menus/rich-menus-screen.tsx"), "RichMenusScreen"),
  },
  {
    path: "audit",
    label: "console.nav.audit",
    Screen: lazyArea(() => import("./audit-screen.tsx"), "AuditScreen"),
  },
];

function lazyArea<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}
