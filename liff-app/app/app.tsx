import { QueryClientProvider } from "@tanstack/react-query";
import { createElement, lazy, Suspense, useState, type ComponentType, type ReactNode } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { RouteErrorBoundary } from "../components/route-error-boundary.tsx";
import { RouteLoading } from "../components/route-loading.tsx";
import { memberCardQueryOptions } from "../features/card/card-queries.ts";
import { HomeScreen } from "../features/home/home-screen.tsx";
import { createApiClient } from "../lib/api-client.ts";
import { ApiClientProvider } from "../lib/api-client-context.tsx";
import { I18nProvider } from "../lib/i18n.tsx";
import { chooseLanguage, readStoredLanguage, type Language } from "../lib/language.ts";
import type { LiffSession } from "../lib/liff-session.ts";
import { LiffSessionProvider } from "../lib/liff-session-context.tsx";
import { lineUserIdOf } from "../lib/member-scope.ts";
import { SessionRecoveryProvider } from "../lib/session-recovery.tsx";
import { tellLanguage } from "../lib/user-language.ts";
import { AppShell } from "./app-shell.tsx";
import { createAppQueryClient } from "./query-client.ts";
import { NotFoundScreen } from "./not-found-screen.tsx";

// Every screen but home is its own chunk, so the first screen's JavaScript stays small.
const LinkScreen = lazyScreen(() => import("../features/linking/link-screen.tsx"), "LinkScreen");
const RegisterScreen = lazyScreen(() => import("../features/linking/register-screen.tsx"), "RegisterScreen");
const CardScreen = lazyScreen(() => import("../features/card/card-screen.tsx"), "CardScreen");
const SettingsScreen = lazyScreen(() => import("../features/settings/settings-screen.tsx"), "SettingsScreen");
const StaffScreen = lazyScreen(() => import("../features/staff/staff-screen.tsx"), "StaffScreen");
const PointsScreen = lazyScreen(() => import("../features/points/points-screen.tsx"), "PointsScreen");
const OrdersScreen = lazyScreen(() => import("../features/orders/orders-screen.tsx"), "OrdersScreen");
const OrderScreen = lazyScreen(() => import("../features/orders/order-screen.tsx"), "OrderScreen");
const ReorderScreen = lazyScreen(() => import("../features/orders/reorder-screen.tsx"), "ReorderScreen");
const OrderPlacedScreen = lazyScreen(() => import("../features/orders/order-placed-screen.tsx"), "OrderPlacedScreen");
const ReservationsScreen = lazyScreen(() => import("../features/reservations/reservations-screen.tsx"), "ReservationsScreen");
const BookReservationScreen = lazyScreen(
  () => import("../features/reservations/book-reservation-screen.tsx"),
  "BookReservationScreen",
);
const CouponsScreen = lazyScreen(() => import("../features/coupons/coupons-screen.tsx"), "CouponsScreen");
const CouponScreen = lazyScreen(() => import("../features/coupons/coupon-screen.tsx"), "CouponScreen");
const ConsoleScreen = lazyScreen(() => import("../features/console/console-screen.tsx"), "ConsoleScreen");
const ReservationScreen = lazyScreen(() => import("../features/reservations/reservation-screen.tsx"), "ReservationScreen");

export interface AppProps {
  session: LiffSession;
  /**
   * Tell the BFF the language at start (once per session: the app boots once per LIFF session),
   * for the LINE messages it sends. On unless a test of something else turns it off.
   */
  tellsLanguageAtStart?: boolean;
}

/** The whole app for a booted LIFF session. */
export function App({ session, tellsLanguageAtStart = true }: AppProps) {
  const [services] = useState(() => {
    const api = createApiClient({ getIdToken: () => session.getIdToken() });
    const created = {
      ...createAppQueryClient(() => session.relogin()),
      api,
      initialLanguage: chooseLanguage({ stored: readStoredLanguage(), appLanguage: session.appLanguage }),
      onChooseLanguage: (language: Language) => tellLanguage(api, language),
    };
    if (tellsLanguageAtStart) tellLanguage(api, created.initialLanguage);
    // Opening on the member card: ask for it now, while its screen's code is still arriving.
    // Under the key the screen will use (its scope comes from the same ID token), or the
    // screen would ask again.
    if (location.pathname === "/card") {
      const scope = { lineUserId: lineUserIdOf(session.getIdToken()) };
      void created.queryClient.prefetchQuery(memberCardQueryOptions(created.api, scope));
    }
    return created;
  });

  return (
    <I18nProvider initialLanguage={services.initialLanguage} onChoose={services.onChooseLanguage}>
      <QueryClientProvider client={services.queryClient}>
        <SessionRecoveryProvider recovery={services.recovery}>
          <LiffSessionProvider session={session}>
            <ApiClientProvider client={services.api}>
              <BrowserRouter>
                <AppShell loadDevTools={session.loadDevTools}>
                  <Routes>
                    <Route
                      path="/"
                      element={
                        <Screen>
                          <HomeScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/link"
                      element={
                        <Screen>
                          <LinkScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/link/register"
                      element={
                        <Screen>
                          <RegisterScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/card"
                      element={
                        <Screen>
                          <CardScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/settings"
                      element={
                        <Screen>
                          <SettingsScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/staff"
                      element={
                        <Screen>
                          <StaffScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/points"
                      element={
                        <Screen>
                          <PointsScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/orders"
                      element={
                        <Screen>
                          <OrdersScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/orders/:orderId"
                      element={
                        <Screen>
                          <OrderScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/orders/:orderId/reorder"
                      element={
                        <Screen>
                          <ReorderScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/orders/:orderId/placed"
                      element={
                        <Screen>
                          <OrderPlacedScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/reservations"
                      element={
                        <Screen>
                          <ReservationsScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/reservations/new"
                      element={
                        <Screen>
                          <BookReservationScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/reservations/:reservationId"
                      element={
                        <Screen>
                          <ReservationScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/coupons"
                      element={
                        <Screen>
                          <CouponsScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/coupons/:couponId"
                      element={
                        <Screen>
                          <CouponScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="/console/*"
                      element={
                        <Screen>
                          <ConsoleScreen />
                        </Screen>
                      }
                    />
                    <Route
                      path="*"
                      element={
                        <Screen>
                          <NotFoundScreen />
                        </Screen>
                      }
                    />
                  </Routes>
                </AppShell>
              </BrowserRouter>
            </ApiClientProvider>
          </LiffSessionProvider>
        </SessionRecoveryProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}

/** One route's screen: its crashes stay inside it, and a lazily loaded one shows its place while it loads. */
function Screen({ children }: { children: ReactNode }) {
  return (
    <RouteErrorBoundary>
      <Suspense fallback={<RouteLoading />}>{children}</Suspense>
    </RouteErrorBoundary>
  );
}

/** A screen in its own chunk, with a way to load it before it is first rendered. */
type LazyScreen = ComponentType & { preload: () => Promise<void> };

function lazyScreen<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name): LazyScreen {
  let loaded: ComponentType | undefined;
  const loadOnce = async () => (loaded ??= (await load())[name]);
  const Lazy = lazy(async () => ({ default: await loadOnce() }));
  // Once its chunk is in, the screen renders at once: a lazy component always shows its
  // placeholder first, and on the card that would be a frame without the code.
  return Object.assign((props: object) => createElement(loaded ?? Lazy, props), {
    preload: async () => void (await loadOnce()),
  });
}

/**
 * Loads the screen the app opens on before its first render, where it matters: the member card,
 * whose code is already on screen (drawn before the app) and must not give way to a placeholder.
 * The page's first script has already asked for that chunk, so this only waits for it.
 */
export function preloadFirstScreen(pathname: string): Promise<void> {
  return pathname === "/card" ? CardScreen.preload().catch(() => undefined) : Promise.resolve();
}
