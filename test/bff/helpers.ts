import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { inject } from "vitest";
import worker from "../../bff/index.ts";
import type { Bindings } from "../../bff/env.ts";

export type MintClaims = {
  persona?: "unlinked" | "linked" | "staff";
  sub?: string;
  name?: string | null;
  picture?: string | null;
  aud?: string;
  iss?: string;
  expiresInSeconds?: number;
};

/** Mints a real ES256 ID token from the fake LINE platform, as LIFF would hand one out. */
export async function mintIdToken(claims: MintClaims): Promise<string> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/id-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(claims),
  });
  if (!response.ok) throw new Error(`minting failed: ${response.status} ${await response.text()}`);
  const { idToken } = (await response.json()) as { idToken: string };
  return idToken;
}

/** Calls the BFF Worker, optionally with other bindings (a merchant that is down, say). */
export async function callBff(
  path: string,
  init: RequestInit & { token?: string; bindings?: Partial<Bindings> } = {},
): Promise<Response> {
  const { token, bindings, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://bff.test${path}`, { ...rest, headers }),
    { ...env, ...bindings },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

/** How many contract calls the sandbox merchant has answered so far. */
export async function merchantCallCount(): Promise<number> {
  const response = await fetch(`${inject("merchantUrl")}/__dev/requests`);
  const { count } = (await response.json()) as { count: number };
  return count;
}

export async function setMerchantFault(fault: { mode: "none" | "slow" | "garbage" | "server_error"; delayMs?: number; times?: number }) {
  const response = await fetch(`${inject("merchantUrl")}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`setting the merchant fault failed: ${response.status}`);
}

export async function jwksFetchCount(): Promise<number> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/stats`);
  const { jwksFetches } = (await response.json()) as { jwksFetches: number };
  return jwksFetches;
}

/** Calls the sandbox merchant's contract directly, as the merchant's own admin would. */
export async function merchantApi(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${inject("merchantApiKey")}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${inject("merchantUrl")}${path}`, { ...init, headers });
}

/** A LINE user id no other test uses, for tests that count or change per-user state. */
export function freshLineUserId(): string {
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `U${hex}`;
}

export function jsonBody(value: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}
