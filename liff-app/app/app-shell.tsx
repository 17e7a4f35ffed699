import type { ComponentType, ReactNode } from "react";
import { Link } from "react-router";
import { useI18n } from "../lib/i18n.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

export function AppShell({ children, DevTools }: { children: ReactNode; DevTools: ComponentType | null }) {
  const { t } = useI18n();
  return (
    <div className={DevTools ? "app app--with-dev-tools" : "app"}>
      <header className="app-header">
        <Link to="/" className="app-header__brand">
          {t("app.name")}
        </Link>
        <LanguageSwitch />
      </header>
      <main className="app-main">{children}</main>
      {DevTools ? <DevTools /> : null}
    </div>
  );
}
