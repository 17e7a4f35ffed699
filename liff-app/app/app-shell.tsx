import { useEffect, useLayoutEffect, useState, type ComponentType, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { OutsideLineNotice } from "../components/outside-line-notice.tsx";
import { FriendshipBanner } from "../features/friendship/friendship-banner.tsx";
import { brand } from "../lib/brand.ts";
import { addMessages, useI18n } from "../lib/i18n.tsx";
import { lineMessages } from "../lib/messages-line.ts";
import { LanguageSwitch } from "./language-switch.tsx";

// Small, and any screen may show them (the outside-LINE notice, the profile offers).
addMessages(lineMessages);

/** The dev-only overlay, once its loader has given it (nothing until then). */
function DevToolsSlot({ load }: { load: () => Promise<ComponentType> }) {
  const [DevTools, setDevTools] = useState<ComponentType | null>(null);
  useEffect(() => {
    let mounted = true;
    void load().then((component) => mounted && setDevTools(() => component));
    return () => {
      mounted = false;
    };
  }, [load]);
  return DevTools ? <DevTools /> : null;
}

export function AppShell({
  children,
  loadDevTools,
}: {
  children: ReactNode;
  loadDevTools: (() => Promise<ComponentType>) | null;
}) {
  const { language } = useI18n();
  useScrollToTopOnNavigation();
  useEffect(() => {
    document.title = brand.shopName[language];
  }, [language]);
  // The console is wide on a desktop; every other screen keeps the phone's column.
  const wide = useLocation().pathname.startsWith("/console");
  const className = ["app", loadDevTools ? "app--with-dev-tools" : null, wide ? "app--console" : null].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <header className="app-header">
        <Link to="/" className="app-header__brand" aria-label={brand.shopName[language]} data-testid="app-header-brand">
          <img className="app-header__logo" src={brand.logoUrl} alt="" width={28} height={28} />
          <span className="app-header__name">{brand.shortName[language]}</span>
        </Link>
        <LanguageSwitch />
      </header>
      <main className="app-main">
        <OutsideLineNotice />
        <FriendshipBanner />
        {children}
      </main>
      {loadDevTools ? <DevToolsSlot load={loadDevTools} /> : null}
    </div>
  );
}

// The declarative router keeps the window's scroll position between screens; a new screen
// should start at its title.
function useScrollToTopOnNavigation() {
  const { pathname } = useLocation();
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
}
