// The page's one script (index.html), small so it runs as soon as it arrives, while the app's
// own code is still downloading (it asks for the app as soon as it runs):
// - on /card, a phone with a card key shows its member card from memory (instant-card.ts);
// - then LIFF initialises, and on /card the card is asked for as soon as LIFF has an ID token
//   (app/startup.ts), so neither waits for the app's JavaScript;
// - the card screen's chunk and the app (main.tsx) load; the app renders once LIFF is up.
// The instant card goes first: on a slow phone the app's start would hold its code back.
import { instantCardSettled } from "./instant-card.ts";
import "./styles.css";
import "virtual:brand.css";
import { startBoot } from "./app/startup.ts";
import { landsOnCard } from "./features/card/instant-card.ts";

void instantCardSettled.then(() => {
  void startBoot();
  void import("./main.tsx");
  if (landsOnCard(location)) void import("./features/card/card-screen.tsx");
});
