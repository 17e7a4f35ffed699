import "./console.css";
import { Suspense } from "react";
import { Link, Navigate, NavLink, Route, Routes } from "react-router";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { RouteErrorBoundary } from "../../components/route-error-boundary.tsx";
import { RouteLoading } from "../../components/route-loading.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { consoleMessages } from "../../lib/messages-console.ts";
import { useConsoleMe } from "./console-queries.ts";
import { consoleSections } from "./console-sections.tsx";

addMessages(consoleMessages);

/**
 * /console: the merchant's console, for admins (the `admin` role in the merchant's staff list).
 * Everyone else sees the staff screen's neutral page that says nothing of what is here.
 * Wide on a desktop (the menu beside the area), one column on a phone.
 */
export function ConsoleScreen() {
  const me = useConsoleMe();
  if (me.isPending) return <RouteLoading />;
  if (me.isError) {
    return me.error instanceof ApiError && me.error.code === "forbidden" ? (
      <Unavailable />
    ) : (
      <LoadFailed error={me.error} onRetry={() => void me.refetch()} />
    );
  }
  return <ConsoleLayout adminName={me.data.name} />;
}

function ConsoleLayout({ adminName }: { adminName: string }) {
  const { t } = useI18n();
  const first = consoleSections[0];
  return (
    <div className="console" data-testid="console">
      <div className="console__heading">
        <h1 className="screen__title">{t("console.title")}</h1>
        <p className="console__who" data-testid="console-admin">
          <PhraseText>{t("console.signedInAs", { name: adminName })}</PhraseText>
        </p>
      </div>
      <nav className="console__nav" aria-label={t("console.nav.label")}>
        <ul>
          {consoleSections.map((section) => (
            <li key={section.path}>
              <NavLink to={`/console/${section.path}`} className="console__nav-link">
                {t(section.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="console__area">
        <RouteErrorBoundary>
          <Suspense fallback={<RouteLoading />}>
            <Routes>
              {first ? <Route index element={<Navigate to={first.path} replace />} /> : null}
              {consoleSections.map(({ path, Screen }) => (
                <Route key={path} path={`${path}/*`} element={<Screen />} />
              ))}
              <Route path="*" element={first ? <Navigate to={first.path} replace /> : null} />
            </Routes>
          </Suspense>
        </RouteErrorBoundary>
      </div>
    </div>
  );
}

function Unavailable() {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="unavailable-title" data-testid="page-unavailable">
      <h1 id="unavailable-title" className="screen__title">
        <PhraseText>{t("console.unavailable.title")}</PhraseText>
      </h1>
      <Link to="/" className="button button--primary">
        {t("console.unavailable.home")}
      </Link>
    </section>
  );
}

function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="console-load-failed-title">
      <h1 id="console-load-failed-title" className="screen__title">
        <PhraseText>{t("console.loadFailed")}</PhraseText>
      </h1>
      <QueryErrorPanel error={error} onRetry={onRetry} />
    </section>
  );
}
