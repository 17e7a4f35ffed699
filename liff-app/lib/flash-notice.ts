// A one-off notice handed to the next screen through the router's location state: "linked"
// on the member card after linking, "unlinked" on home after unlinking.

export type FlashNotice =
  | { kind: "linked" }
  | { kind: "registered"; welcomePoints: number }
  | { kind: "unlinked" };

interface FlashNoticeState {
  flashNotice: FlashNotice;
}

/** The `state` to pass to navigate() so the destination shows the notice. */
export function flashNoticeState(notice: FlashNotice): FlashNoticeState {
  return { flashNotice: notice };
}

/** The notice in a location's state, if any; history state outlives app versions, so it is checked. */
export function readFlashNotice(state: unknown): FlashNotice | null {
  if (typeof state !== "object" || state === null || !("flashNotice" in state)) return null;
  const notice: unknown = state.flashNotice;
  if (typeof notice !== "object" || notice === null || !("kind" in notice)) return null;
  switch (notice.kind) {
    case "linked":
    case "unlinked":
      return { kind: notice.kind };
    case "registered":
      return "welcomePoints" in notice && typeof notice.welcomePoints === "number"
        ? { kind: "registered", welcomePoints: notice.welcomePoints }
        : { kind: "registered", welcomePoints: 0 };
    default:
      return null;
  }
}
