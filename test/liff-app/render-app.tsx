import { act, render, waitFor, type RenderResult } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { App } from "../../liff-app/app/app.tsx";
import type { LiffSession } from "../../liff-app/lib/liff-session.ts";
import type { ReloginOutcome } from "../../liff-app/lib/session-recovery.tsx";
import { requestUrl } from "./fixtures.ts";

export const TEST_ID_TOKEN = "test-id-token";
export const TEST_ACCESS_TOKEN = "test-liff-access-token";
export const TEST_LIFF_ID = "1234567890-testliff";

/** A booted session as boot() would hand it over, without the LIFF SDK. */
export function fakeSession(overrides: Partial<LiffSession> = {}): LiffSession {
  return {
    mode: "mock",
    liffId: TEST_LIFF_ID,
    // Inside LINE, with the profile already allowed, unless a test says otherwise.
    inClient: true,
    profilePermission: { query: vi.fn(async () => "granted" as const), request: vi.fn(async () => "granted" as const) },
    getIdToken: () => TEST_ID_TOKEN,
    getAccessToken: () => TEST_ACCESS_TOKEN,
    appLanguage: "ja",
    relogin: vi.fn(async (): Promise<ReloginOutcome> => "token-refreshed"),
    getFriendship: vi.fn(async () => true),
    requestFriendship: null,
    scanQr: null,
    loadDevTools: null,
    ...overrides,
  };
}

/**
 * The app at a path. It does not tell the BFF its language at start unless asked
 * (`tellsLanguageAtStart`), so tests that count requests see only the screen's own.
 */
export function renderApp({
  path = "/",
  session = fakeSession(),
  tellsLanguageAtStart = false,
}: { path?: string; session?: LiffSession; tellsLanguageAtStart?: boolean } = {}) {
  history.replaceState(null, "", path);
  return { session, ...render(<App session={session} tellsLanguageAtStart={tellsLanguageAtStart} />) };
}

/**
 * The app as inside the LINE app, where a re-login reloads the page (boot.ts): relogin()
 * answers "redirecting", then the page "reloads": the app unmounts, sessionStorage and the URL
 * stay, and a freshly booted app with a fresh session mounts. `sessions` lists every boot's.
 */
export function renderAppInLine({ path = "/" }: { path?: string } = {}) {
  history.replaceState(null, "", path);
  const sessions: LiffSession[] = [];
  let view: RenderResult;
  const boot = () => {
    const session = fakeSession({
      relogin: vi.fn(async (): Promise<ReloginOutcome> => {
        // After the answer, as location.reload() leaves the page once the current task is done.
        setTimeout(reload, 0);
        return "redirecting";
      }),
    });
    sessions.push(session);
    view = render(<App session={session} tellsLanguageAtStart={false} />);
  };
  const reload = () => {
    act(() => view.unmount());
    boot();
  };
  boot();
  return { sessions };
}

/**
 * Mounts each path's lazy screen once, with a BFF that never answers, then leaves. A screen's
 * first mount in a test file suspends on its React.lazy import (transformed on demand), and
 * React then holds the fallback for its reveal throttle (300 ms) before showing the screen:
 * on a busy machine that outlasts findBy*'s one second. Call it in beforeAll.
 */
export async function warmUpScreens(...paths: string[]) {
  vi.stubGlobal(
    "fetch",
    vi.fn(() => new Promise<Response>(() => {})),
  );
  for (const path of paths) {
    history.replaceState(null, "", path);
    const view = render(<App session={fakeSession()} tellsLanguageAtStart={false} />);
    await waitFor(
      () => {
        if (view.queryByTestId("route-loading")) throw new Error(`${path} is still loading`);
      },
      { timeout: 10_000 },
    );
    view.unmount();
  }
  vi.unstubAllGlobals();
  history.replaceState(null, "", "/");
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/**
 * Stubs the global fetch with a BFF that answers each request with the next of `answers`
 * (the last one repeats). Returns the mock to inspect requests.
 */
export function stubBff(...answers: (() => Response | Promise<Response>)[]) {
  let call = 0;
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    const answer = answers[Math.min(call, answers.length - 1)];
    call += 1;
    return answer();
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

type Answer = () => Response | Promise<Response>;

/**
 * Stubs the global fetch with a BFF that answers by route, "METHOD /path": each route answers
 * with the next of its answers (the last one repeats); a route not listed answers 404.
 */
export function routeBff(routes: Record<string, Answer | Answer[]>) {
  const calls = new Map<string, number>();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(requestUrl(input), "http://localhost");
    const route = `${(init?.method ?? "GET").toUpperCase()} ${url.pathname}`;
    const answers = routes[route];
    if (!answers) return json({ error: { code: "not_found", message: `no stub for ${route}` } }, 404);
    const list = Array.isArray(answers) ? answers : [answers];
    const call = calls.get(route) ?? 0;
    calls.set(route, call + 1);
    return list[Math.min(call, list.length - 1)]();
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

/** The requests a fetch mock received, as "METHOD /path" with the parsed JSON body. */
export function sentRequests(fetchMock: ReturnType<typeof routeBff>) {
  return fetchMock.mock.calls.map(([input, init]) => ({
    route: `${(init?.method ?? "GET").toUpperCase()} ${new URL(requestUrl(input), "http://localhost").pathname}`,
    body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
  }));
}

/**
 * A second tap on a button right after the first one's answer, as an impatient thumb gives it:
 * on the button where it still is. The answer moves the app on to a screen whose code may still be
 * loading; Preact then shows the loading state at once and the button is gone, so there is
 * nothing left to tap, which is the point: nothing is sent twice.
 */
export async function tapAgain(button: HTMLElement): Promise<void> {
  if (button.isConnected) await userEvent.click(button);
}
