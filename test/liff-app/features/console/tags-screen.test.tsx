import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SavedSegment, TagListResponse, TagRuleListResponse } from "../../../../shared/console-segments.ts";
import { errorBody } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const admin = { "GET /api/console/me": () => json({ name: "高橋 美咲" }) };
const tags: TagListResponse = {
  tags: [
    { tag: "常連", members: 1200, manual: 30 },
    { tag: "ギフト購入", members: 8, manual: 8 },
  ],
};
const gold: SavedSegment = {
  segmentId: "seg_gold",
  name: "ゴールド会員",
  definition: { merchant: { rankCodes: ["gold"] } },
  createdBy: "高橋 美咲",
  createdAt: "2026-11-30T01:00:00.000Z",
  updatedBy: "高橋 美咲",
  updatedAt: "2026-11-30T01:00:00.000Z",
};
const rules: TagRuleListResponse = {
  rules: [
    {
      ruleId: "rule_gold",
      tag: "常連",
      definition: gold.definition,
      updatedBy: "高橋 美咲",
      updatedAt: "2026-11-30T01:00:00.000Z",
      lastAppliedAt: "2026-11-30T15:30:00.000Z",
      lastTagged: 12,
    },
  ],
};
const common = {
  ...admin,
  "GET /api/console/tags": () => json(tags),
  "GET /api/console/tags/rules": () => json(rules),
  "GET /api/console/segments": () => json({ segments: [gold] }),
};

describe("/console/tags", () => {
  it("lists tags with how many carry them, and the rules with their last run in Japan time", async () => {
    routeBff(common);
    renderApp({ path: "/console/tags" });
    const table = await screen.findByRole("table", { name: "使われているタグ" }, { timeout: 5000 });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]?.textContent).toMatch(/常連.*1,200.*30/);
    const ruleTable = await screen.findByRole("table", { name: "タグのルール" });
    expect(within(ruleTable).getAllByRole("row")[1]?.textContent).toMatch(/常連.*12月1日.*0:30.*新たに12人/);
  });

  it("offers a retry when the tags cannot be loaded", async () => {
    let calls = 0;
    routeBff({ ...common, "GET /api/console/tags": () => (++calls === 1 ? json(errorBody("internal"), 500) : json(tags)) });
    renderApp({ path: "/console/tags" });
    await userEvent.click(await screen.findByRole("button", { name: /もう一度|再読み込み|再試行/ }, { timeout: 5000 }));
    expect(await screen.findByRole("table", { name: "使われているタグ" })).toBeTruthy();
  });

  it("tags members by the numbers on their cards and names the numbers it could not find", async () => {
    const fetchMock = routeBff({
      ...common,
      "POST /api/console/tags/add": () => json({ tagged: 2, matched: 2, notFound: ["9999-0000"] }),
    });
    renderApp({ path: "/console/tags" });
    const form = await screen.findByTestId("tag-members-form", {}, { timeout: 5000 });
    await userEvent.click(within(form).getByRole("button", { name: "タグを付ける" }));
    expect(within(form).getByLabelText(/^タグ/).getAttribute("aria-invalid")).toBe("true");
    expect(
      within(form)
        .getByLabelText(/会員番号/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
    expect(sentRequests(fetchMock).some((request) => request.route === "POST /api/console/tags/add")).toBe(false);

    await userEvent.type(within(form).getByLabelText(/^タグ/), "試飲会");
    await userEvent.type(within(form).getByLabelText(/会員番号/), "1000-0001\n1000-0003, 9999-0000");
    await userEvent.click(within(form).getByRole("button", { name: "タグを付ける" }));
    expect(await screen.findByText("タグ「試飲会」を2人に付けました")).toBeTruthy();
    expect(screen.getByTestId("tag-not-found").textContent).toContain("9999-0000");
    expect(sentRequests(fetchMock).find((request) => request.route === "POST /api/console/tags/add")?.body).toEqual({
      tag: "試飲会",
      target: { kind: "memberNumbers", memberNumbers: ["1000-0001", "1000-0003", "9999-0000"] },
    });
  });

  it("removes a tag from everyone only after the merchant confirms", async () => {
    const fetchMock = routeBff({ ...common, "POST /api/console/tags/remove": () => json({ removed: 8, notFound: [] }) });
    renderApp({ path: "/console/tags" });
    await userEvent.click(await screen.findByRole("button", { name: "タグ「ギフト購入」を全員から外す" }, { timeout: 5000 }));
    const confirm = screen.getByRole("group", { name: "タグ「ギフト購入」を全員から外す" });
    expect(sentRequests(fetchMock).some((request) => request.route === "POST /api/console/tags/remove")).toBe(false);
    await userEvent.click(within(confirm).getByRole("button", { name: "外す" }));
    expect(await screen.findByText("タグ「ギフト購入」を8人から外しました")).toBeTruthy();
    expect(sentRequests(fetchMock).find((request) => request.route === "POST /api/console/tags/remove")?.body).toEqual({
      tag: "ギフト購入",
    });
  });

  it("saves a rule from a saved segment and runs it on request", async () => {
    const fetchMock = routeBff({
      ...common,
      "POST /api/console/tags/rules/rule_gold/apply": () => json({ matched: 40, tagged: 3 }),
    });
    fetchMock.mockImplementation(answerRulePuts(fetchMock.getMockImplementation()));
    renderApp({ path: "/console/tags" });
    await userEvent.click(await screen.findByRole("button", { name: "タグ「常連」のルールを今すぐ実行" }, { timeout: 5000 }));
    expect(await screen.findByText("40人が対象、新たに3人にタグを付けました")).toBeTruthy();

    const form = screen.getByTestId("tag-rule-form");
    await userEvent.type(within(form).getByLabelText(/付けるタグ/), "ゴールド");
    await userEvent.selectOptions(within(form).getByLabelText("対象のセグメント"), "seg_gold");
    await userEvent.click(within(form).getByRole("button", { name: "ルールを保存" }));
    await waitFor(() => expect(screen.getByTestId("tag-rules-notice").textContent).toBe("ルールを保存しました"));
    const put = sentRequests(fetchMock).find((request) => request.route.startsWith("PUT /api/console/tags/rules/rule_"));
    expect(put?.body).toEqual({ tag: "ゴールド", definition: gold.definition });
  });
});

/** Answers `PUT /api/console/tags/rules/<any id>` (the screen makes the id); everything else as routed. */
function answerRulePuts(implementation: ((input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) | undefined) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "http://localhost");
    if ((init?.method ?? "GET").toUpperCase() === "PUT" && url.pathname.startsWith("/api/console/tags/rules/")) {
      return json(rules.rules[0]);
    }
    if (!implementation) throw new Error("no fetch stub");
    return implementation(input, init);
  };
}
