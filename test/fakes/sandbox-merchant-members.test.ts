import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemberSummary, RegisteredMember } from "../../shared/merchant-contract.ts";
import { startSandboxMerchant, type SandboxMerchant } from "./sandbox-merchant/index.ts";

const apiKey = "test-merchant-api-key";
let merchant: SandboxMerchant;

beforeAll(async () => {
  merchant = await startSandboxMerchant({ apiKey });
});
afterAll(() => merchant.close());
beforeEach(async () => {
  expect((await fetch(`${merchant.url}/__dev/reset`, { method: "POST" })).status).toBe(200);
});

function callMerchant(method: string, path: string, body?: unknown) {
  const headers = new Headers({ authorization: `Bearer ${apiKey}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  return fetch(`${merchant.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const lineUser = () =>
  `U${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

async function register(profile: object, extra: object = {}) {
  return callMerchant("POST", "/v1/members", {
    lineUserId: lineUser(),
    profile,
    consents: { terms: true, marketingMessages: false },
    ...extra,
  });
}

describe("sandbox merchant › registerMember", () => {
  it("keeps every word of a name: Mary Ann Smith stays Mary Ann Smith", async () => {
    const response = await register({ name: "Mary Ann Smith" });
    expect(response.status).toBe(201);
    const { memberId } = RegisteredMember.parse(await response.json());
    const summary = MemberSummary.parse(await (await callMerchant("GET", `/v1/members/${memberId}/summary`)).json());
    expect(summary.name).toBe("Mary Ann Smith");
  });
});
