import type { DesiredMenu } from "./desired-menus.ts";
import { formatBytes } from "./line-limits.ts";
import type { PlanAction } from "./planner.ts";

// How a plan's actions read, in the CLI and in the console (no I/O: the Worker imports it).

function imageNote(menu: DesiredMenu): string {
  const { width, height } = menu.richMenu.size;
  const format = menu.image.contentType === "image/png" ? "PNG" : "JPEG";
  return `${width}×${height} ${format}, ${formatBytes(menu.image.bytes.byteLength)}, ${menu.image.source}`;
}

/** One line per action, as `plan` prints it and `apply` reports it. */
export function describeAction(action: PlanAction, desired: DesiredMenu[]): string {
  const menu = (key: string) => desired.find((candidate) => candidate.key === key);
  const target = (t: { richMenuId: string } | { created: string }) =>
    "richMenuId" in t ? t.richMenuId : `new ${t.created} menu`;
  switch (action.kind) {
    case "create-menu":
      return `create   ${action.name}  (${imageNote(menu(action.key)!)})`;
    case "upload-image":
      return `upload   image of ${action.name} (${action.richMenuId}), which has none`;
    case "keep-menu":
      return `keep     ${action.name}  ${action.richMenuId}`;
    case "create-alias":
      return `alias    ${action.aliasId} → ${target(action.target)} (new alias)`;
    case "update-alias":
      return `alias    ${action.aliasId} → ${target(action.target)} (was ${action.fromRichMenuId})`;
    case "set-default":
      return `default  ${action.key} → ${target(action.target)} (was ${action.fromRichMenuId ?? "none"})`;
    case "delete-alias":
      return `delete   alias ${action.aliasId} (pointed at a stale menu)`;
    case "delete-menu":
      return `delete   ${action.name}  ${action.richMenuId}`;
    case "stale-menu":
      return `stale    ${action.name}  ${action.richMenuId} (kept; --delete-stale deletes it)`;
  }
}
