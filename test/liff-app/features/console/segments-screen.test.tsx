import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SavedSegment, SegmentListResponse } from "../../../../shared/console-segments.ts";
import { errorBody, errorBodyWith } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const admin = { "GET /api/console/me": () => json({ name: "高橋 美咲" }) };

const goldBirthday: SavedSegment = {
  segmentId: "seg_gold",
  name: "誕生月のゴールド会員",
  definition: { merchant: { rankCodes: ["gold"], birthMonths: [12] } },
  createdBy: "高橋 美咲",
  createdAt: "2026-11-30T01:00:00.000Z",
  updatedBy: "高橋 美咲",
  updatedAt: "2026-11-30T15:30:00.000Z",
};
const everyone: SavedSegment = { ...goldBirthday, segmentId: "seg_all", name: "全員", definition: {} };
const list = (...segments: SavedSegment[]): SegmentListResponse => ({ segments });

const countRequests = (fetchMock: ReturnType<typeof routeBff>) =>
  sentRequests(fetchMock).filter((request) => request.route === "POST /api/console/segments/count");

describe("/console/segments", () => {
  it("lists saved segments with how many each reaches now, saying when a count is an estimate", async () => {
    routeBff({
      ...admin,
      "GET /api/console/segments": () => json(list(goldBirthday, everyone)),
      "GET /api/console/segments/seg_gold/count": () => json({ count: 42, exact: true }),
      "GET /api/console/segments/seg_all/count": () => json({ count: 98_500, exact: false }),
    });
    renderApp({ path: "/console/segments" });
    const table = await screen.findByRole("table", { name: "保存したセグメント" }, { timeout: 5000 });
    await waitFor(() => expect(within(table).getAllByRole("row")[1]?.textContent).toContain("42人"));
    const rows = within(table).getAllByRole("row").slice(1);
    // 15:30 UTC on 30 November is 0:30 on 1 December in Japan.
    expect(rows[0]?.textContent).toMatch(/誕生月のゴールド会員.*42人.*12月1日.*0:30.*高橋 美咲/);
    await waitFor(() => expect(rows[1]?.textContent).toContain("約98,500人（推定）"));
  });

  it("offers a retry when the segments cannot be loaded", async () => {
    let calls = 0;
    routeBff({
      ...admin,
      "GET /api/console/segments": () => (++calls === 1 ? json(errorBody("internal"), 500) : json(list())),
    });
    renderApp({ path: "/console/segments" });
    await userEvent.click(await screen.findByRole("button", { name: /もう一度|再読み込み|再試行/ }, { timeout: 5000 }));
    expect(await screen.findByText("保存したセグメントはまだありません。")).toBeTruthy();
  });

  it("counts the segment live as the merchant edits, once typing stops, and saves it", async () => {
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/segments": () => json(list()),
      "POST /api/console/segments/count": () => json({ count: 42, exact: true }),
    });
    // The stub routes by exact path; the builder makes the new segment's id, so any id is routed.
    fetchMock.mockImplementation(routeWithAnyId(fetchMock.getMockImplementation()));
    renderApp({ path: "/console/segments" });
    await userEvent.click(await screen.findByRole("button", { name: "新しいセグメントを作る" }, { timeout: 5000 }));
    const builder = await screen.findByTestId("segment-builder");
    const merchantPart = within(builder).getByRole("group", { name: "会員情報の条件" });
    await userEvent.type(within(merchantPart).getByLabelText(/会員ランク/), "gold");
    await userEvent.click(within(merchantPart).getByRole("checkbox", { name: "12月" }));
    expect(within(builder).getByRole("group", { name: "LINEでの行動の条件" })).toBeTruthy();

    await waitFor(() =>
      expect(countRequests(fetchMock).at(-1)?.body).toEqual({
        definition: { merchant: { rankCodes: ["gold"], birthMonths: [12] } },
      }),
    );
    expect(within(screen.getByTestId("segment-live-count")).getByRole("status").textContent).toBe("42人");
    // Four keystrokes and a click, but counted only when the edits settled (plus the empty form at first).
    expect(countRequests(fetchMock).length).toBeLessThanOrEqual(3);

    await userEvent.type(within(builder).getByLabelText(/セグメント名/), "誕生月のゴールド会員");
    await userEvent.click(within(builder).getByRole("button", { name: "保存する" }));
    expect(await within(builder).findByText("「誕生月のゴールド会員」を保存しました")).toBeTruthy();
    const put = sentRequests(fetchMock).find((request) => request.route.startsWith("PUT /api/console/segments/seg_"));
    expect(put?.body).toEqual({
      name: "誕生月のゴールド会員",
      definition: { merchant: { rankCodes: ["gold"], birthMonths: [12] } },
    });
  });

  it("marks the field the BFF finds fault with, and does not save without a name", async () => {
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/segments": () => json(list()),
      "POST /api/console/segments/count": () =>
        json(
          errorBodyWith("bad_request", {
            issues: [{ path: "definition.merchant.pointsMax", message: "pointsMin must not exceed pointsMax" }],
          }),
          400,
        ),
    });
    renderApp({ path: "/console/segments" });
    await userEvent.click(await screen.findByRole("button", { name: "新しいセグメントを作る" }, { timeout: 5000 }));
    const builder = await screen.findByTestId("segment-builder");
    await userEvent.type(within(builder).getByLabelText(/ポイント残高（以上）/), "500");
    await userEvent.type(within(builder).getByLabelText(/ポイント残高（以下）/), "100");
    const pointsMax = within(builder).getByLabelText(/ポイント残高（以下）/);
    await waitFor(() => expect(pointsMax.getAttribute("aria-invalid")).toBe("true"));
    const errorId = pointsMax.getAttribute("aria-describedby")?.split(" ")[0] ?? "";
    expect(document.getElementById(errorId)?.textContent).toBe("この項目の入力を確かめてください");
    expect(within(screen.getByTestId("segment-live-count")).getByRole("status").textContent).toBe(
      "条件を直すと人数が表示されます",
    );

    await userEvent.click(within(builder).getByRole("button", { name: "保存する" }));
    expect(
      within(builder)
        .getByLabelText(/セグメント名/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
    expect(sentRequests(fetchMock).some((request) => request.route.startsWith("PUT "))).toBe(false);
  });

  it("deletes a segment only after the merchant confirms", async () => {
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/segments": [() => json(list(goldBirthday)), () => json(list())],
      "GET /api/console/segments/seg_gold/count": () => json({ count: 42, exact: true }),
      "DELETE /api/console/segments/seg_gold": () => new Response(null, { status: 204 }),
    });
    renderApp({ path: "/console/segments" });
    await userEvent.click(await screen.findByRole("button", { name: "「誕生月のゴールド会員」を削除" }, { timeout: 5000 }));
    const confirm = screen.getByRole("group", { name: "「誕生月のゴールド会員」を削除" });
    expect(confirm.textContent).toContain("「誕生月のゴールド会員」を削除しますか？");
    expect(sentRequests(fetchMock).some((request) => request.route.startsWith("DELETE"))).toBe(false);
    await userEvent.click(within(confirm).getByRole("button", { name: "削除する" }));
    expect(await screen.findByText("「誕生月のゴールド会員」を削除しました")).toBeTruthy();
    expect(sentRequests(fetchMock).filter((request) => request.route === "DELETE /api/console/segments/seg_gold")).toHaveLength(
      1,
    );
  });
});

/** Answers `PUT /api/console/segments/<any id>` as a save of the gold segment; everything else as routed. */
function routeWithAnyId(implementation: ((input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) | undefined) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "http://localhost");
    if ((init?.method ?? "GET").toUpperCase() === "PUT" && url.pathname.startsWith("/api/console/segments/seg_")) {
      return json(goldBirthday, 201);
    }
    if (!implementation) throw new Error("no fetch stub");
    return implementation(input, init);
  };
}
