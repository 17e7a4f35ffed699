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
  const onCard = landsOnCard(location);
  // A first open on /card (no code from memory: the boot splash is still up) has two round trips
  // before its code, LIFF's token and then the card, each a few hundred bytes. The app's chunks
  // (about 55 KB) would share the line with them and slow both down, and their evaluation would
  // hold the main thread when the answer arrives; so they load once the answer is drawn (or
  // startBoot has given up waiting for it). Everywhere else they load at once.
  const firstOpenOnCard = onCard && document.querySelector("#root > .boot-splash") !== null;
  const booting = startBoot();
  const loadApp = () => {
    void import("./main.tsx");
    if (onCard) void import("./features/card/card-screen.tsx");
  };
  if (firstOpenOnCard) void booting.then(loadApp, loadApp);
  else loadApp();
});
