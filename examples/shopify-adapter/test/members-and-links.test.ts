import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import { LineLink, MemberSummary } from "../../../shared/merchant-contract.ts";
import { parseContractAnswer } from "../../../test/fakes/merchant-contract-answers.ts";
import { adapterPerTest, GOLD_MEMBER, LINKED_LINE_USER, LINKED_MEMBER, NEW_MEMBER } from "./adapter-fixture.ts";

const adapter = adapterPerTest();
const { shopify } = adapter;

const NEW_LINE_USER = "U0123456789abcdef0123456789abcdef";

const link = (lineUserId: string, memberId: string) =>
  adapter.call("PUT", `/v1/line-links/${lineUserId}`, { body: { memberId } });

describe("Shopify adapter › API key", () => {
  it("refuses a request without the adapter's API key, or with another, with 401 and never reaches Shopify", async () => {
    for (const apiKey of [null, "not-the-key"]) {
      const response = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/summary`, { apiKey });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(ErrorBody.parse(await response.json()).error.code).toBe("unauthorized");
    }
    expect(shopify.operations).toEqual([]);
  });
});

describe("Shopify adapter › members", () => {
  it("answers a customer as a member summary: display name, the rank of their tag, the points balance", async () => {
    const response = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/summary`);
    const summary = MemberSummary.parse(await parseContractAnswer("getMemberSummary", response));
    expect(summary).toEqual({
      memberId: GOLD_MEMBER,
      memberNumber: GOLD_MEMBER,
      name: "山田 花子",
      rank: { code: "gold", name: "ゴールド", benefits: ["ポイント2倍"] },
      points: { balance: 120 },
      rankProgress: null,
    });
    const byNumber = await adapter.call("GET", `/v1/members/by-number/${NEW_MEMBER}/summary`);
    expect(MemberSummary.parse(await parseContractAnswer("getMemberByNumber", byNumber)).rank.code).toBe("regular");
  });

  it("answers 404 for an unknown customer, and for a member id that is not a Shopify id without asking Shopify", async () => {
    const unknown = await adapter.call("GET", "/v1/members/7309999999999/summary");
    expect(ErrorBody.parse(await parseContractAnswer("getMemberSummary", unknown)).error.code).toBe("not_found");
    expect(shopify.operations).toEqual(["LoyaltyCustomer"]);
    const notAnId = await adapter.call("GET", "/v1/members/gid%3A%2F%2Fshopify%2FCustomer%2F1/summary");
    expect(notAnId.status).toBe(404);
    expect(shopify.operations).toEqual(["LoyaltyCustomer"]);
  });

  it("answers an operation Shopify cannot back with 501 naming it, in the contract's error shape", async () => {
    const response = await adapter.call("POST", `/v1/members/${GOLD_MEMBER}/reservations`, {
      body: { serviceId: "cut", startsAt: "2026-12-10T10:00:00+09:00", partySize: 1 },
      headers: { "idempotency-key": "reservation-0000000001" },
    });
    expect(response.status).toBe(501);
    expect(ErrorBody.parse(await response.json()).error.message).toContain("createReservation");
    expect(shopify.operations).toEqual([]);
  });
});

describe("Shopify adapter › LINE links", () => {
  it("links a LINE user in the customer's loyalty.line_user_id metafield, finds the member by it, then unlinks", async () => {
    const linked = LineLink.parse(await parseContractAnswer("putLineLink", await link(NEW_LINE_USER, GOLD_MEMBER)));
    expect(linked).toMatchObject({ lineUserId: NEW_LINE_USER, memberId: GOLD_MEMBER });
    expect(shopify.metafield(`gid://shopify/Customer/${GOLD_MEMBER}`, "loyalty.line_user_id")).toBe(NEW_LINE_USER);

    const found = LineLink.parse(
      await parseContractAnswer("getLineLink", await adapter.call("GET", `/v1/line-links/${NEW_LINE_USER}`)),
    );
    expect(found).toEqual(linked);
    const ofMember = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/line-link`);
    expect(LineLink.parse(await parseContractAnswer("getMemberLineLink", ofMember))).toEqual(linked);

    const unlinked = await adapter.call("DELETE", `/v1/line-links/${NEW_LINE_USER}`);
    expect(await parseContractAnswer("deleteLineLink", unlinked)).toBeUndefined();
    expect(unlinked.status).toBe(204);
    expect(shopify.metafield(`gid://shopify/Customer/${GOLD_MEMBER}`, "loyalty.line_user_id")).toBeUndefined();
    const gone = await adapter.call("GET", `/v1/line-links/${NEW_LINE_USER}`);
    expect(ErrorBody.parse(await parseContractAnswer("getLineLink", gone)).error.code).toBe("not_found");
    const again = await adapter.call("DELETE", `/v1/line-links/${NEW_LINE_USER}`);
    expect(ErrorBody.parse(await parseContractAnswer("deleteLineLink", again)).error.code).toBe("not_found");
  });

  it("reads a link recorded without a time zone (a Shopify date_time) as UTC", async () => {
    const response = await adapter.call("GET", `/v1/line-links/${LINKED_LINE_USER}`);
    expect(LineLink.parse(await parseContractAnswer("getLineLink", response))).toEqual({
      lineUserId: LINKED_LINE_USER,
      memberId: LINKED_MEMBER,
      linkedAt: "2026-11-02T09:15:00Z",
    });
  });

  it("answers a repeated link of the same pair with the link, unchanged", async () => {
    const first = LineLink.parse(await parseContractAnswer("putLineLink", await link(NEW_LINE_USER, NEW_MEMBER)));
    const again = LineLink.parse(await parseContractAnswer("putLineLink", await link(NEW_LINE_USER, NEW_MEMBER)));
    expect(again).toEqual(first);
  });

  it("refuses with 409 a LINE user already on another customer (Shopify's unique id metafield answers TAKEN)", async () => {
    const response = await link(LINKED_LINE_USER, GOLD_MEMBER);
    expect(response.status).toBe(409);
    expect(ErrorBody.parse(await parseContractAnswer("putLineLink", response)).error.code).toBe("conflict");
    expect(shopify.operations).toContain("LoyaltyMetafieldsSet");
    expect(shopify.metafield(`gid://shopify/Customer/${GOLD_MEMBER}`, "loyalty.line_user_id")).toBeUndefined();
    expect(shopify.metafield(`gid://shopify/Customer/${LINKED_MEMBER}`, "loyalty.line_user_id")).toBe(LINKED_LINE_USER);
  });

  it("refuses with 409 a member already linked to another LINE user, and keeps their link", async () => {
    const response = await link(NEW_LINE_USER, LINKED_MEMBER);
    expect(ErrorBody.parse(await parseContractAnswer("putLineLink", response)).error.code).toBe("conflict");
    expect(shopify.metafield(`gid://shopify/Customer/${LINKED_MEMBER}`, "loyalty.line_user_id")).toBe(LINKED_LINE_USER);
  });

  it("lets only one of two links of one member at once through (the other is 409), by compare-and-set in Shopify", async () => {
    const other = "Ufedcba9876543210fedcba9876543210";
    const answers = await Promise.all([link(NEW_LINE_USER, NEW_MEMBER), link(other, NEW_MEMBER)]);
    expect(answers.map((response) => response.status).sort((a, b) => a - b)).toEqual([200, 409]);
    const kept = shopify.metafield(`gid://shopify/Customer/${NEW_MEMBER}`, "loyalty.line_user_id");
    const winner = LineLink.parse(
      await parseContractAnswer(
        "putLineLink",
        answers.find((response) => response.status === 200)!,
      ),
    );
    expect(kept).toBe(winner.lineUserId);
  });

  it("answers 404 for linking an unknown member, and 400 for a LINE user id that is not one", async () => {
    const unknown = await link(NEW_LINE_USER, "7309999999999");
    expect(ErrorBody.parse(await parseContractAnswer("putLineLink", unknown)).error.code).toBe("not_found");
    const malformed = await link("not-a-line-user", GOLD_MEMBER);
    expect(ErrorBody.parse(await parseContractAnswer("putLineLink", malformed)).error.code).toBe("bad_request");
  });
});
