import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import { MemberSummary, StaffRecord } from "../../shared/merchant-contract.ts";
import { parseContractAnswer, type MerchantOperationId } from "./merchant-contract-answers.ts";
import { devPersona } from "./personas.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";
import { memberSeeds } from "./sandbox-merchant/seed.ts";

const linkedLineUser = devPersona("linked").lineUserId;
const unlinkedLineUser = devPersona("unlinked").lineUserId;
const staffLineUser = devPersona("staff").lineUserId;
const strangerLineUser = "U0123456789abcdef0123456789abcdef";

const merchant = sandboxMerchantPerTest();

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  authorization?: string | null;
}

function callMerchant(method: string, path: string, { body, rawBody, authorization = `Bearer ${apiKey}` }: CallOptions = {}) {
  const headers = new Headers();
  if (authorization !== null) headers.set("authorization", authorization);
  if (body !== undefined || rawBody !== undefined) headers.set("content-type", "application/json");
  return fetch(`${merchant.url}${path}`, {
    method,
    headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

/** Calls the merchant and parses the answer with the contract's schema for that operation. */
async function callOperation(operationId: MerchantOperationId, method: string, path: string, options?: CallOptions) {
  const response = await callMerchant(method, path, options);
  return { status: response.status, body: await parseContractAnswer(operationId, response) };
}

function errorOf(body: unknown) {
  return ErrorBody.parse(body).error;
}

describe("sandbox merchant › API key", () => {
  it("answers 401 ErrorBody without an API key, with a wrong key and with another scheme", async () => {
    for (const authorization of [null, "Bearer wrong-key", `Basic ${apiKey}`, `Bearer ${apiKey}x`]) {
      const { status, body } = await callOperation("getLinkSettings", "GET", "/v1/link-settings", { authorization });
      expect(status).toBe(401);
      expect(errorOf(body).code).toBe("unauthorized");
    }
  });

  it("answers 404 ErrorBody for unknown routes", async () => {
    const response = await callMerchant("GET", "/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(errorOf(await response.json()).code).toBe("not_found");
    expect((await callMerchant("POST", "/v1/link-settings")).status).toBe(404);
  });
});

describe("sandbox merchant › getLinkSettings", () => {
  it("asks for a PIN by default", async () => {
    expect(await callOperation("getLinkSettings", "GET", "/v1/link-settings")).toEqual({
      status: 200,
      body: { secondFactor: "pin" },
    });
  });
});

describe("sandbox merchant › authenticateMember", () => {
  const authenticate = (body: unknown) => callOperation("authenticateMember", "POST", "/v1/members/authenticate", { body });

  it("returns the member id for a matching member number and PIN", async () => {
    expect(await authenticate({ memberNumber: "1000-0002", secondFactor: { type: "pin", value: "1234" } })).toEqual({
      status: 200,
      body: { memberId: "mem_0002" },
    });
  });

  it("answers the same generic 401 for a wrong PIN, an unknown number and a factor the merchant does not use", async () => {
    const attempts = [
      { memberNumber: "1000-0002", secondFactor: { type: "pin", value: "4321" } },
      { memberNumber: "9999-9999", secondFactor: { type: "pin", value: "1234" } },
      { memberNumber: "1000-0002", secondFactor: { type: "birthDate", value: "1992-08-23" } },
    ];
    const messages = new Set<string>();
    for (const attempt of attempts) {
      const { status, body } = await authenticate(attempt);
      expect(status).toBe(401);
      expect(errorOf(body).code).toBe("unauthorized");
      messages.add(errorOf(body).message);
    }
    expect(messages.size).toBe(1);
  });

  it("checks the birth date instead once the merchant is configured for it", async () => {
    await fetch(`${merchant.url}/__dev/link-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secondFactor: "birthDate" }),
    });
    expect((await callOperation("getLinkSettings", "GET", "/v1/link-settings")).body).toEqual({ secondFactor: "birthDate" });
    expect(
      (await authenticate({ memberNumber: "1000-0002", secondFactor: { type: "birthDate", value: "1992-08-23" } })).status,
    ).toBe(200);
    expect(
      (await authenticate({ memberNumber: "1000-0002", secondFactor: { type: "birthDate", value: "1992-08-24" } })).status,
    ).toBe(401);
    expect((await authenticate({ memberNumber: "1000-0002", secondFactor: { type: "pin", value: "1234" } })).status).toBe(401);
  });

  it("answers 400 with issue paths for an invalid body and for malformed JSON", async () => {
    const { status, body } = await authenticate({ memberNumber: "1000 0002", secondFactor: { type: "pin", value: "12" } });
    expect(status).toBe(400);
    expect(
      errorOf(body)
        .issues?.map((issue) => issue.path)
        .sort(),
    ).toEqual(["memberNumber", "secondFactor.value"]);

    const malformed = await callOperation("authenticateMember", "POST", "/v1/members/authenticate", { rawBody: "{nope" });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed.body).code).toBe("bad_request");
  });
});

describe("sandbox merchant › getLineLink", () => {
  it("returns the seeded link of the linked persona to 山田 太郎", async () => {
    const { status, body } = await callOperation("getLineLink", "GET", `/v1/line-links/${linkedLineUser}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ lineUserId: linkedLineUser, memberId: "mem_0001" });
  });

  it("answers 404 for the unlinked and the staff persona", async () => {
    for (const lineUserId of [unlinkedLineUser, staffLineUser]) {
      const { status, body } = await callOperation("getLineLink", "GET", `/v1/line-links/${lineUserId}`);
      expect(status).toBe(404);
      expect(errorOf(body).code).toBe("not_found");
    }
  });

  it("answers 400 naming the path parameter for a malformed LINE user id", async () => {
    const { status, body } = await callOperation("getLineLink", "GET", "/v1/line-links/U123");
    expect(status).toBe(400);
    expect(errorOf(body).issues).toEqual([{ path: "lineUserId", message: expect.any(String) }]);
  });
});

describe("sandbox merchant › putLineLink", () => {
  const link = (lineUserId: string, memberId: string) =>
    callOperation("putLineLink", "PUT", `/v1/line-links/${lineUserId}`, { body: { memberId } });

  it("links the unlinked persona to 佐藤 花子 and reads it back", async () => {
    const { status, body } = await link(unlinkedLineUser, "mem_0002");
    expect(status).toBe(200);
    expect(body).toMatchObject({ lineUserId: unlinkedLineUser, memberId: "mem_0002" });
    expect((await callOperation("getLineLink", "GET", `/v1/line-links/${unlinkedLineUser}`)).body).toEqual(body);
  });

  it("answers a repeated identical link with 200 and the original link unchanged", async () => {
    const first = await link(unlinkedLineUser, "mem_0002");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const repeat = await link(unlinkedLineUser, "mem_0002");
    expect(repeat).toEqual(first);
  });

  it("answers 409 when the LINE user is already linked to another member", async () => {
    const { status, body } = await link(linkedLineUser, "mem_0002");
    expect(status).toBe(409);
    expect(errorOf(body)).toMatchObject({ code: "conflict", message: expect.stringMatching(/LINE user is already linked/) });
  });

  it("answers 409 when the member is already linked to another LINE user", async () => {
    const { status, body } = await link(strangerLineUser, "mem_0001");
    expect(status).toBe(409);
    expect(errorOf(body)).toMatchObject({ code: "conflict", message: expect.stringMatching(/member is already linked/) });
  });

  it("lets exactly one of two concurrent links of the same member win", async () => {
    const results = await Promise.all([link(unlinkedLineUser, "mem_0003"), link(strangerLineUser, "mem_0003")]);
    expect(results.map((result) => result.status).sort((a, b) => a - b)).toEqual([200, 409]);
  });

  it("answers 404 for an unknown member and 400 for a missing memberId", async () => {
    const unknown = await link(unlinkedLineUser, "mem_9999");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.body).code).toBe("not_found");

    const missing = await callOperation("putLineLink", "PUT", `/v1/line-links/${unlinkedLineUser}`, { body: {} });
    expect(missing.status).toBe(400);
    expect(errorOf(missing.body).issues?.[0]?.path).toBe("memberId");
  });
});

describe("sandbox merchant › deleteLineLink", () => {
  it("unlinks with 204 and no body, then answers 404, and the member can be linked again", async () => {
    const path = `/v1/line-links/${linkedLineUser}`;
    expect(await callOperation("deleteLineLink", "DELETE", path)).toEqual({ status: 204, body: undefined });
    expect((await callOperation("deleteLineLink", "DELETE", path)).status).toBe(404);
    expect((await callOperation("getLineLink", "GET", path)).status).toBe(404);

    const relinked = await callOperation("putLineLink", "PUT", `/v1/line-links/${strangerLineUser}`, {
      body: { memberId: "mem_0001" },
    });
    expect(relinked.status).toBe(200);
  });
});

describe("sandbox merchant › getMemberSummary", () => {
  it("returns 山田 太郎 as a gold member with 1,280 points and what gold gives", async () => {
    expect(await callOperation("getMemberSummary", "GET", "/v1/members/mem_0001/summary")).toEqual({
      status: 200,
      body: {
        memberId: "mem_0001",
        memberNumber: "1000-0001",
        name: "山田 太郎",
        rank: { code: "gold", name: "ゴールド", benefits: ["ポイント3倍", "焼き菓子10%オフクーポン", "誕生月クーポン"] },
        points: { balance: 1280 },
        rankProgress: null,
      },
    });
  });

  it("says how much more a silver member must spend in a year for gold", async () => {
    const { body } = await callOperation("getMemberSummary", "GET", "/v1/members/mem_0003/summary");
    expect(body).toMatchObject({
      rank: { code: "silver", benefits: ["ポイント2倍", "誕生月クーポン"] },
      rankProgress: {
        nextRank: { code: "gold", name: "ゴールド", benefits: ["ポイント3倍", "焼き菓子10%オフクーポン", "誕生月クーポン"] },
        thresholdYen: 80_000,
        periodEndsOn: null,
      },
    });
    const { remainingYen, spentYen } = (body as { rankProgress: { remainingYen: number; spentYen: number } }).rankProgress;
    expect(remainingYen).toBe(Math.max(0, 80_000 - spentYen));
  });

  it("returns a contract-valid summary for every seeded member, with the documented balance", async () => {
    for (const member of memberSeeds) {
      const { status, body } = await callOperation("getMemberSummary", "GET", `/v1/members/${member.memberId}/summary`);
      expect(status).toBe(200);
      const summary = MemberSummary.parse(body);
      expect(summary.memberNumber).toBe(member.memberNumber);
      expect(summary.points.balance).toBe(member.points);
    }
    const hanako = MemberSummary.parse((await callOperation("getMemberSummary", "GET", "/v1/members/mem_0002/summary")).body);
    expect(hanako).toMatchObject({ memberNumber: "1000-0002", name: "佐藤 花子", points: { balance: 350 } });
  });

  it("answers 404 for an unknown member", async () => {
    const { status, body } = await callOperation("getMemberSummary", "GET", "/v1/members/mem_9999/summary");
    expect(status).toBe(404);
    expect(errorOf(body).code).toBe("not_found");
  });
});

describe("sandbox merchant › getStaffByLineUser", () => {
  it("returns the staff persona with 渋谷店 only", async () => {
    const { status, body } = await callOperation("getStaffByLineUser", "GET", `/v1/staff/by-line-user/${staffLineUser}`);
    expect(status).toBe(200);
    expect(StaffRecord.parse(body)).toEqual({
      staffId: "stf_001",
      name: "鈴木 一郎",
      stores: [{ storeId: "store_shibuya", name: "渋谷店" }],
    });
  });

  it("returns a manager with both of their stores", async () => {
    const { body } = await callOperation("getStaffByLineUser", "GET", "/v1/staff/by-line-user/U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b");
    expect(StaffRecord.parse(body).stores.map((store) => store.name)).toEqual(["渋谷店", "吉祥寺店"]);
  });

  it("answers 404 for a LINE user who is not staff", async () => {
    const { status, body } = await callOperation("getStaffByLineUser", "GET", `/v1/staff/by-line-user/${linkedLineUser}`);
    expect(status).toBe(404);
    expect(errorOf(body).code).toBe("not_found");
  });
});
