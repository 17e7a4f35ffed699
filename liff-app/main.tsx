import "./styles.css";
import "virtual:brand.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import { bootLiff } from "./app/boot.ts";
import { BootErrorScreen } from "./app/boot-error-screen.tsx";
import { keepLastKnownCardOnlyFor } from "./lib/last-known-card.ts";
import { lineUserIdOf } from "./lib/member-scope.ts";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root");
const root = createRoot(container);

// The member card is the screen staff wait on: when the app opens on it (the rich menu's main
// button), its code downloads while LIFF initialises instead of after. (A phone with a card key
// already shows it: instant-card.ts, the page's first script, drew it from memory.)
if (landsOnCard(location)) void import("./features/card/card-screen.tsx");

function landsOnCard({ pathname, search }: Location): boolean {
  return pathname === "/card" || new URLSearchParams(search).get("liff.state")?.split(/[?#]/)[0] === "/card";
}

// liff.init() completes before the router exists: it may rewrite the URL (deep links) and
// the API calls need its ID token. The splash in index.html shows until then.
void bootLiff().then((result) => {
  switch (result.status) {
    case "ready":
      // Another LINE user on this phone: the previous one's card is never shown again.
      keepLastKnownCardOnlyFor(lineUserIdOf(result.session.getIdToken()));
      root.render(
        <StrictMode>
          <App session={result.session} />
        </StrictMode>,
      );
      break;
    case "failed":
      root.render(<BootErrorScreen reason={result.reason} />);
      break;
    case "redirecting":
      break;
  }
});
