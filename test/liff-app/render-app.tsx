import { render } from "@testing-library/react";
import { vi } from "vitest";
import { App } from "../../liff-app/app/app.tsx";
import type { LiffSession } from "../../liff-app/lib/liff-session.ts";
import type { ReloginOutcome } from "../../liff-app/lib/session-recovery.tsx";

export const TEST_ID_TOKEN = "test-id-token";

/** A booted session as boot() would hand it over, without the LIFF SDK. */
export function fakeSession(overrides: Partial<LiffSession> = {}): LiffSession {
  return {
    mode: "mock",
    getIdToken: () => TEST_ID_TOKEN,
    appLanguage: "ja",
    relogin: vi.fn(async (): Promise<ReloginOutcome> => "token-refreshed"),
    DevTools: null,
    ...overrides,
  };
}

export function renderApp({ path = "/", session = fakeSession() }: { path?: string; session?: LiffSession } = {}) {
  history.replaceState(null, "", path);
  return { session, ...render(<App session={session} />) };
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
