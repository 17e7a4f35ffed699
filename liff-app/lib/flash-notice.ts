import type { RichMenuState } from "../../shared/api.ts";

// A one-off notice handed to the next screen through the router's location state: "linked"
// on the member card after linking, "unlinked" on home after unlinking. Each carries where the
// chat menu's switch stood in the BFF's answer ("pending": queued, not yet done by LINE).

export type FlashNotice =
  | { kind: "linked"; richMenu: RichMenuState }
  | { kind: "registered"; welcomePoints: number; richMenu: RichMenuState }
  | { kind: "unlinked"; richMenu: RichMenuState };

interface FlashNoticeState {
  flashNotice: FlashNotice;
}

/** The `state` to pass to navigate() so the destination shows the notice. */
export function flashNoticeState(notice: FlashNotice): FlashNoticeState {
  return { flashNotice: notice };
}

/**
 * What the write answered about the menu; an answer or a history entry without it (older
 * versions) counts as pending, so the screen asks the BFF rather than claim the switch.
 */
export function richMenuStateOf(value: unknown): RichMenuState {
  return value === "applied" || value === "failed" ? value : "pending";
}

/**
 * A location's state without its notice, for the history entry once the notice has shown: a
 * reload or a return to the entry then shows nothing. Anything else in the state stays.
 */
export function withoutFlashNotice(state: unknown): unknown {
  if (typeof state !== "object" || state === null || !("flashNotice" in state)) return state;
  const { flashNotice: _shown, ...rest } = state;
  return Object.keys(rest).length > 0 ? rest : null;
}

/** The notice in a location's state, if any; history state outlives app versions, so it is checked. */
export function readFlashNotice(state: unknown): FlashNotice | null {
  if (typeof state !== "object" || state === null || !("flashNotice" in state)) return null;
  const notice: unknown = state.flashNotice;
  if (typeof notice !== "object" || notice === null || !("kind" in notice)) return null;
  const richMenu = richMenuStateOf("richMenu" in notice ? notice.richMenu : undefined);
  switch (notice.kind) {
    case "linked":
    case "unlinked":
      return { kind: notice.kind, richMenu };
    case "registered":
      return "welcomePoints" in notice && typeof notice.welcomePoints === "number"
        ? { kind: "registered", welcomePoints: notice.welcomePoints, richMenu }
        : { kind: "registered", welcomePoints: 0, richMenu };
    default:
      return null;
  }
}
