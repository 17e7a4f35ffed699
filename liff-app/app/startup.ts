import { earlyMemberCard, startEarlyMemberCard } from "../features/card/card-fetch.ts";
import { preloadCardKey } from "../features/card/card-key-store.ts";
import { drawAnsweredCard, landsOnCard } from "../features/card/instant-card.ts";
import { createApiClient } from "../lib/api-client.ts";
import { keepLastKnownCardOnlyFor } from "../lib/last-known-card.ts";
import { lineUserIdOf } from "../lib/line-user-id.ts";
import { bootLiff, type BootResult } from "./boot.ts";

let booting: Promise<BootResult> | null = null;

/** How long a cold open on /card holds the app's first render for the card's answer. */
const EARLY_ANSWER_WAIT_MS = 800;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** After the next frame is painted: the task after the next animation frame's. */
const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * LIFF's init, started once by the page's first script (liff-app/start.ts) so it runs while the
 * app's code downloads; main.tsx waits on the same promise. Once LIFF has an ID token, opening
 * on the member card asks for it at once (the card query takes that answer), instead of after
 * the app has rendered: the token and the card are each one round trip, and nothing else waits.
 * The phone's card key is read from IndexedDB meanwhile, as the request names it. With no code
 * from memory on screen (a first open), the answer is drawn before the app renders (at most
 * EARLY_ANSWER_WAIT_MS later).
 */
export function startBoot(): Promise<BootResult> {
  // The card's request names the phone's key: read it while LIFF initialises, not after.
  if (!booting && landsOnCard(location)) preloadCardKey();
  booting ??= bootLiff().then(async (result) => {
    if (result.status !== "ready") return result;
    const lineUserId = lineUserIdOf(result.session.getIdToken());
    // Another LINE user on this phone: the previous one's card is never shown again.
    keepLastKnownCardOnlyFor(lineUserId);
    // After bootLiff, which has settled a liff.state deep link into the URL.
    if (location.pathname === "/card") {
      // The app renders (main.tsx waits on this promise) once the request is on its way.
      // A second at most: a stuck IndexedDB must not keep the app from starting.
      const api = createApiClient({ getIdToken: () => result.session.getIdToken() });
      await Promise.race([startEarlyMemberCard(api, lineUserId), wait(1000)]);
      // A cold open (no code from memory on screen): the answer is one round trip away, and
      // drawn as plain DOM it is on screen before the app's first render would have let it be.
      // Not for long: a slow answer must not keep the app's own loading state away.
      const root = document.getElementById("root");
      const answer = earlyMemberCard(lineUserId);
      if (root?.querySelector(".boot-splash") && answer) {
        // Drawn, it gets a frame painted before the app's render takes the main thread.
        const drawn = answer
          .then((card) => (drawAnsweredCard(root, card, result.session.appLanguage) ? nextPaint() : undefined))
          .catch(() => undefined);
        await Promise.race([drawn, wait(EARLY_ANSWER_WAIT_MS)]);
      }
    }
    return result;
  });
  return booting;
}
