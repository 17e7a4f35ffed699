import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LineLinkPage } from "../../shared/merchant-contract.ts";
import { parseContractAnswer } from "./merchant-contract-answers.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

const merchant = sandboxMerchantPerTest();

const newLineUserId = () => `U${randomBytes(16).toString("hex")}`;

function listLineLinks(query = "", authorization = `Bearer ${apiKey}`) {
  return fetch(`${merchant.url}/v1/line-links${query}`, { headers: { authorization } });
}

/** Registers (creates and links) `count` members through the contract. */
async function registerLinkedMembers(count: number): Promise<string[]> {
  const lineUserIds = Array.from({ length: count }, newLineUserId);
  await Promise.all(
    lineUserIds.map(async (lineUserId, index) => {
      const response = await fetch(`${merchant.url}/v1/members`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          lineUserId,
          profile: { name: `テスト ${index}` },
          consents: { terms: true, marketingMessages: false },
        }),
      });
      expect(response.status).toBe(201);
    }),
  );
  return lineUserIds;
}

describe("sandbox merchant › GET /v1/line-links (listLineLinks)", () => {
  it("pages through every link in LINE user id order until nextCursor is null", async () => {
    const seeded = LineLinkPage.parse(await parseContractAnswer("listLineLinks", await listLineLinks())).links;
    const registered = await registerLinkedMembers(7);
    const expected = [...seeded.map((link) => link.lineUserId), ...registered].sort();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await listLineLinks(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(response.status).toBe(200);
      const page = LineLinkPage.parse(await parseContractAnswer("listLineLinks", response));
      expect(page.links.length).toBeLessThanOrEqual(3);
      seen.push(...page.links.map((link) => link.lineUserId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);

    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 3) + (expected.length % 3 === 0 ? 1 : 0));
  });

  it("answers one page of at most 100 by default, with the member each LINE user is linked to", async () => {
    await registerLinkedMembers(101);
    const page = LineLinkPage.parse(await (await listLineLinks()).json());
    expect(page.links).toHaveLength(100);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.links[0]).toEqual({
      lineUserId: expect.stringMatching(/^U/),
      memberId: expect.any(String),
      linkedAt: expect.any(String),
    });
  });

  it("refuses a limit over 500, a cursor it did not issue and a missing API key", async () => {
    for (const query of ["?limit=501", "?limit=0", "?cursor=bm90LWEtdXNlcg"]) {
      const response = await listLineLinks(query);
      expect(response.status, query).toBe(400);
      expect(((await parseContractAnswer("listLineLinks", response)) as { error: { code: string } }).error.code).toBe(
        "bad_request",
      );
    }
    expect((await listLineLinks("", "Bearer wrong")).status).toBe(401);
  });
});
