import { beforeEach, describe, expect, it } from "vitest";
import { MemberSummary, RegisteredMember } from "../../shared/merchant-contract.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

const merchant = sandboxMerchantPerTest();

function callMerchant(method: string, path: string, body?: unknown) {
  const headers = new Headers({ authorization: `Bearer ${apiKey}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  return fetch(`${merchant.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const lineUser = () => `U${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

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

describe("sandbox merchant › registerMember duplicates", () => {
  const hanako = { name: "佐藤花子", birthDate: "1992-08-23" };

  it("answers 409 possible_duplicate for the name and birth date of an existing member, and creates nothing", async () => {
    const response = await register(hanako);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("possible_duplicate");
    const namesakes = await callMerchant("GET", "/v1/members/by-number/1000-0013/summary");
    expect(namesakes.status).toBe(404);
  });

  it("registers the namesake once the customer confirms it is someone else", async () => {
    const response = await register(hanako, { confirmNotDuplicate: true });
    expect(response.status).toBe(201);
  });

  it("does not call a shared name alone a duplicate", async () => {
    expect((await register({ name: "佐藤 花子" })).status).toBe(201);
    expect((await register({ name: "佐藤 花子", birthDate: "2000-01-01" })).status).toBe(201);
  });
});

describe("sandbox merchant › one-time codes", () => {
  const sentCodes = async (memberNumber: string) =>
    (
      (await (await fetch(`${merchant.url}/__dev/one-time-codes?memberNumber=${memberNumber}`)).json()) as {
        codes: { code: string }[];
      }
    ).codes;
  const authenticate = (memberNumber: string, value: string) =>
    callMerchant("POST", "/v1/members/authenticate", { memberNumber, secondFactor: { type: "otp", value } });

  beforeEach(async () => {
    await fetch(`${merchant.url}/__dev/link-settings`, { method: "PUT", body: JSON.stringify({ secondFactor: "otp" }) });
  });

  it("answers 202 for known and unknown member numbers alike, and sends a code only to a real member", async () => {
    expect((await callMerchant("POST", "/v1/members/one-time-codes", { memberNumber: "1000-0003" })).status).toBe(202);
    expect((await callMerchant("POST", "/v1/members/one-time-codes", { memberNumber: "9999-9999" })).status).toBe(202);
    expect(await sentCodes("1000-0003")).toHaveLength(1);
    expect(await sentCodes("9999-9999")).toHaveLength(0);
  });

  it("authenticates with the sent code once, and never with a wrong one", async () => {
    await callMerchant("POST", "/v1/members/one-time-codes", { memberNumber: "1000-0003" });
    const [sent] = await sentCodes("1000-0003");
    const wrong = sent!.code === "000000" ? "111111" : "000000";
    expect((await authenticate("1000-0003", wrong)).status).toBe(401);
    expect((await authenticate("1000-0003", sent!.code)).status).toBe(200);
    expect((await authenticate("1000-0003", sent!.code)).status).toBe(401);
  });

  it("kills a code after 5 wrong answers", async () => {
    await callMerchant("POST", "/v1/members/one-time-codes", { memberNumber: "1000-0004" });
    const [sent] = await sentCodes("1000-0004");
    for (let i = 0; i < 5; i++) {
      const wrong = String((Number(sent!.code) + 1 + i) % 1_000_000).padStart(6, "0");
      expect((await authenticate("1000-0004", wrong)).status).toBe(401);
    }
    expect((await authenticate("1000-0004", sent!.code)).status).toBe(401);
  });
});
