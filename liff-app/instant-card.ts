// First in the page's first script (start.ts): on /card, a phone with a card key shows the member
// card with a code it signs itself before the app's code has arrived and before LIFF initialises.
// Kept apart from main.tsx so nothing heavy runs before it.
import "./features/card/card.css";
import { drawInstantCard } from "./features/card/instant-card.ts";

const root = document.getElementById("root");
const drawing = root ? drawInstantCard(root).catch(() => undefined) : Promise.resolve();

/**
 * Settles once the instant card is on screen, at once when there is none to draw (no key, no
 * last known card, another route), and after 500 ms at the latest (a slow or stuck IndexedDB
 * must not hold the app back).
 */
export const instantCardSettled: Promise<void> = Promise.race([
  drawing,
  new Promise<void>((resolve) => setTimeout(resolve, 500)),
]);
