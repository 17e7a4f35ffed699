import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CardActivityResponse, MemberCardResponse } from "../../../../shared/api.ts";
import { errorBody, linkedMe, memberCardFor, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff } from "../../render-app.tsx";

const member = linkedMe.link.status === "linked" ? linkedMe.link.member : null!;

const memberCard = (overrides: Partial<MemberCardResponse> = {}) => memberCardFor(member, overrides);

const noActivity: CardActivityResponse = { activities: [], cursor: "1700000000000.0" };

describe("/card", () => {
  it("shows the QR code, the one-time code and the member card from one request", async () => {
    const card = memberCard();
    const fetchMock = routeBff({ "GET /api/card": () => json(card), "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card" });

    const qr = await screen.findByRole("img", { name: /会員証のQRコード/ });
    expect(qr.getAttribute("data-token")).toBe(card.token);
    expect(qr.querySelector("path")?.getAttribute("d")).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(screen.getByTestId("card-one-time-code").textContent).toBe("123 456");
    expect(screen.getByTestId("card-code-freshness").textContent).toMatch(/\d+秒後に新しいコードに変わります/);
    const info = screen.getByRole("region", { name: "会員情報" });
    expect(within(info).getByTestId("member-name").textContent).toBe("山田 太郎 様");
    expect(within(info).getByTestId("member-number").textContent).toBe("M-000123");
    expect(within(info).getByTestId("points-balance").textContent).toBe("1,280 pt");
    expect(screen.getByRole("link", { name: "会員連携の設定" }).getAttribute("href")).toBe("/settings");
    expect(fetchMock.mock.calls.some(([url]) => requestUrl(url).includes("/api/me"))).toBe(false);
  });

  it("opens the list of phones that can show the card when settings links to /card#devices", async () => {
    routeBff({
      "GET /api/card": () => json(memberCard()),
      "GET /api/card/activity": () => json(noActivity),
      "GET /api/card/devices": () => json({ devices: [] }),
    });
    renderApp({ path: "/card#devices" });

    const phones = (await screen.findByTestId("card-phones")) as HTMLDetailsElement;
    expect(phones.id).toBe("devices");
    expect(phones.open).toBe(true);
  });

  it("asks for the card once when the app opens on it: the screen shows what the early request brought", async () => {
    const fetchMock = routeBff({ "GET /api/card": () => json(memberCard()), "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card" });
    await screen.findByRole("img", { name: /会員証のQRコード/ });
    const cardRequests = fetchMock.mock.calls.filter(([url]) => new URL(requestUrl(url), location.href).pathname === "/api/card");
    expect(cardRequests).toHaveLength(1);
  });

  it("offers linking or registering instead of a card when the account is not linked", async () => {
    routeBff({ "GET /api/card": () => json(errorBody("not_linked"), 404) });
    renderApp({ path: "/card" });

    const panel = await screen.findByTestId("card-unlinked");
    expect(panel.textContent).toContain("連携が必要です");
    expect(within(panel).getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
    expect(
      within(panel)
        .getByRole("link", { name: /新規会員登録/ })
        .getAttribute("href"),
    ).toBe("/link/register");
    expect(screen.queryByTestId("member-qr")).toBeNull();
  });

  it("keeps the card's place while loading", async () => {
    routeBff({ "GET /api/card": () => new Promise<Response>(() => {}) });
    renderApp({ path: "/card" });

    expect(await screen.findByTestId("card-skeleton")).toBeTruthy();
    expect(screen.getByTestId("card-screen").getAttribute("aria-busy")).toBe("true");
  });

  it("offers a retry when the card cannot be loaded", async () => {
    routeBff({
      "GET /api/card": [() => json(errorBody("upstream_unavailable"), 502), () => json(memberCard())],
      "GET /api/card/activity": () => json(noActivity),
    });
    renderApp({ path: "/card" });

    await userEvent.click(within(await screen.findByRole("alert")).getByRole("button", { name: "再読み込み" }));
    expect((await screen.findByTestId("points-balance")).textContent).toBe("1,280 pt");
  });

  it("dims an expired code so it cannot be scanned, and gets a new one on request", async () => {
    const stale = memberCard({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    const fresh = memberCard();
    routeBff({ "GET /api/card": [() => json(stale), () => json(fresh)], "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card" });

    expect((await screen.findByTestId("member-qr")).getAttribute("class")).toContain("member-qr--dimmed");
    await userEvent.click(screen.getByTestId("card-code-retry"));
    await waitFor(() => expect(screen.getByTestId("member-qr").getAttribute("data-token")).toBe(fresh.token));
    expect(screen.getByTestId("member-qr").getAttribute("class")).not.toContain("dimmed");
  });

  it("shows what staff just did and the new balance without a reload, with a new code", async () => {
    const before = memberCard();
    const after = memberCard({ member: { ...member, points: { balance: 1400 } } });
    const award: CardActivityResponse = {
      activities: [{ kind: "award", storeName: "渋谷店", points: 120, balance: 1400, occurredAt: new Date().toISOString() }],
      cursor: "1700000000001.7",
    };
    routeBff({ "GET /api/card": [() => json(before), () => json(after)], "GET /api/card/activity": () => json(award) });
    renderApp({ path: "/card" });

    expect((await screen.findByTestId("card-activity")).textContent).toContain("渋谷店で 120 pt 獲得しました");
    await waitFor(() => expect(screen.getByTestId("points-balance").textContent).toBe("1,400 pt"));
    expect(screen.getByTestId("member-qr").getAttribute("data-token")).toBe(after.token);
  });

  it("asks with the server's cursor, never the phone's clock, and keeps showing actions past the 20th", async () => {
    const at = (i: number) => new Date(1_700_000_000_000 + i * 1000).toISOString();
    const award = (i: number) => ({
      kind: "award" as const,
      storeName: `店${i}`,
      points: i,
      balance: 1000 + i,
      occurredAt: at(i),
    });
    const first20: CardActivityResponse = {
      activities: Array.from({ length: 20 }, (_, i) => award(i + 1)),
      cursor: "1700000020000.20",
    };
    const the21st: CardActivityResponse = {
      activities: [{ kind: "redeem", storeName: "吉祥寺店", points: -50, balance: 970, occurredAt: at(21) }],
      cursor: "1700000021000.21",
    };
    const fetchMock = routeBff({
      "GET /api/card": () => json(memberCard()),
      "GET /api/card/activity": [
        () => json({ activities: [], cursor: "1700000000000.0" }),
        () => json(first20),
        () => json(the21st),
        () => json({ activities: [], cursor: "1700000021000.21" }),
      ],
    });
    renderApp({ path: "/card" });

    await waitFor(() => expect(screen.getByTestId("card-activity").getAttribute("data-kind")).toBe("redeem"), { timeout: 9000 });
    expect(screen.getByTestId("card-activity").textContent).toContain("吉祥寺店");
    const activityUrls = fetchMock.mock.calls
      .map(([input]) => new URL(requestUrl(input), "http://localhost"))
      .filter((url) => url.pathname === "/api/card/activity");
    expect(activityUrls[0].searchParams.has("cursor")).toBe(false);
    expect(activityUrls.slice(1, 3).map((url) => url.searchParams.get("cursor"))).toEqual([
      "1700000000000.0",
      "1700000020000.20",
    ]);
    expect(activityUrls.every((url) => !url.searchParams.has("since"))).toBe(true);
  }, 15_000);

  it("stops polling the activity after a 401", async () => {
    const fetchMock = routeBff({
      "GET /api/card": () => json(memberCard()),
      "GET /api/card/activity": () => json(errorBody("unauthorized"), 401),
    });
    renderApp({ path: "/card" });
    await screen.findByTestId("member-qr");
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const polls = fetchMock.mock.calls.filter(
      ([input]) => new URL(requestUrl(input), "http://localhost").pathname === "/api/card/activity",
    );
    expect(polls.length).toBeLessThanOrEqual(2);
  }, 15_000);
});
