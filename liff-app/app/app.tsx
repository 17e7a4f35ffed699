import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { RouteErrorBoundary } from "../components/route-error-boundary.tsx";
import { HomeScreen } from "../features/home/home-screen.tsx";
import { createApiClient } from "../lib/api-client.ts";
import { ApiClientProvider } from "../lib/api-client-context.tsx";
import { I18nProvider } from "../lib/i18n.tsx";
import { chooseLanguage, readStoredLanguage } from "../lib/language.ts";
import type { LiffSession } from "../lib/liff-session.ts";
import { SessionRecoveryProvider } from "../lib/session-recovery.tsx";
import { AppShell } from "./app-shell.tsx";
import { createAppQueryClient } from "./query-client.ts";
import { NotFoundScreen } from "./not-found-screen.tsx";

/** The whole app for a booted LIFF session. */
export function App({ session }: { session: LiffSession }) {
  const [services] = useState(() => ({
    ...createAppQueryClient(() => session.relogin()),
    api: createApiClient({ getIdToken: () => session.getIdToken() }),
    initialLanguage: chooseLanguage({ stored: readStoredLanguage(), appLanguage: session.appLanguage }),
  }));

  return (
    <I18nProvider initialLanguage={services.initialLanguage}>
      <QueryClientProvider client={services.queryClient}>
        <SessionRecoveryProvider recovery={services.recovery}>
          <ApiClientProvider client={services.api}>
            <BrowserRouter>
              <AppShell DevTools={session.DevTools}>
                <Routes>
                  <Route
                    path="/"
                    element={
                      <RouteErrorBoundary>
                        <HomeScreen />
                      </RouteErrorBoundary>
                    }
                  />
                  <Route
                    path="*"
                    element={
                      <RouteErrorBoundary>
                        <NotFoundScreen />
                      </RouteErrorBoundary>
                    }
                  />
                </Routes>
              </AppShell>
            </BrowserRouter>
          </ApiClientProvider>
        </SessionRecoveryProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
