import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, preloadFirstScreen } from "./app/app.tsx";
import { BootErrorScreen } from "./app/boot-error-screen.tsx";
import { startBoot } from "./app/startup.ts";

// The app, loaded by the page's first script (start.ts), which has already started LIFF.

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root");
const root = createRoot(container);

// liff.init() completes before the router exists: it may rewrite the URL (deep links) and
// the API calls need its ID token. The splash in index.html shows until then (or the instant
// card). startBoot() has also dropped another LINE user's last known card by then.
void startBoot().then(async (result) => {
  switch (result.status) {
    case "ready":
      // After the boot, which has settled a liff.state deep link into the URL.
      await preloadFirstScreen(location.pathname);
      // Marks for the card bench's waterfall (test/bench/card-cold-load.ts), as instant-card.ts's.
      performance.mark("app:render");
      root.render(
        <StrictMode>
          <App session={result.session} />
        </StrictMode>,
      );
      performance.mark("app:rendered");
      break;
    case "failed":
      root.render(<BootErrorScreen reason={result.reason} />);
      break;
    case "redirecting":
      break;
  }
});
