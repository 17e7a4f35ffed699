import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CardActivityResponse, MemberCardResponse } from "../../../../shared/api.ts";
import { readLastKnownCard, saveLastKnownCard } from "../../../../liff-app/lib/last-known-card.ts";
import { errorBody, linkedMe, memberCardFor } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff } from "../../render-app.tsx";

// The card when the network or the merchant fails, and the issue-11 details of the code. jsdom
// has no IndexedDB, so these phones have no card key: the server-issued code is what shows (the
// browser tests cover the phone-signed code).

const member = linkedMe.link.status === "linked" ? linkedMe.link.member : null!;
const noActivity: CardActivityResponse = { activities: [], cursor: "1700000000000.0" };
const memberCard = (overrides: Partial<MemberCardResponse> = {}) => memberCardFor(member, overrides);

/** An ID token whose `sub` the app can read (the BFF is faked, so nothing checks its signature). */
const idTokenFor = (sub: string) => `e30.${btoa(JSON.stringify({ sub })).replace(/=+$/, "")}.sig`;
const sessionOf = (sub: string) => fakeSession({ getIdToken: () => idTokenFor(sub) });

// 2026-12-24 14:05 in Japan (a Thursday), whatever the machine's zone.
const SAVED_AT = Date.parse("2026-12-24T14:05:00+09:00");

describe("/card without the network or the merchant", () => {
  it("shows the last known name, number and rank with 「◯時点の情報」 in Japan time when /api/card fails", async () => {
    saveLastKnownCard("U-taro", { member, savedAt: SAVED_AT, clockOffsetMs: 0 });
    routeBff({ "GET /api/card": () => json(errorBody("upstream_unavailable"), 502) });
    renderApp({ path: "/card", session: sessionOf("U-taro") });

    const info = await screen.findByRole("region", { name: "会員情報" });
    expect(within(info).getByTestId("member-name").textContent).toBe("山田 太郎 様");
    expect(within(info).getByTestId("member-number").textContent).toBe("M-000123");
    expect(within(info).getByTestId("member-rank").textContent).toContain("ゴールド");
    expect(screen.getByTestId("card-as-of").textContent).toBe("12月24日(木) 14:05時点の情報");
    // One box says what is wrong and offers a retry: here, that a first code needs a connection.
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(1));
    expect(screen.getByTestId("card-needs-network").textContent).toContain("通信が必要です");
  });

  it("says 「As of …」 in English with a 12-hour clock", async () => {
    localStorage.setItem("liff-app:language", "en");
    saveLastKnownCard("U-taro", { member, savedAt: SAVED_AT, clockOffsetMs: 0 });
    routeBff({ "GET /api/card": () => json(errorBody("upstream_unavailable"), 502) });
    renderApp({ path: "/card", session: sessionOf("U-taro") });
    expect((await screen.findByTestId("card-as-of")).textContent).toBe("As of Thu, Dec 24, 2:05\u00a0PM");
  });

  it("shows the code with 「◯時点の情報」 at the BFF's time when the BFF answers from its last known copy", async () => {
    const asOf = new Date(SAVED_AT).toISOString();
    routeBff({
      "GET /api/card": () => json(memberCard({ source: "snapshot", memberAsOf: asOf })),
      "GET /api/card/activity": () => json(noActivity),
    });
    renderApp({ path: "/card", session: sessionOf("U-taro") });
    await screen.findByTestId("member-qr");
    expect(screen.getByTestId("card-as-of").textContent).toBe("12月24日(木) 14:05時点の情報");
    // Kept as old as it is: a later open without the network says the same time.
    expect(readLastKnownCard("U-taro")?.savedAt).toBe(SAVED_AT);
  });

  it("shows no 「◯時点」 when the merchant answered the card", async () => {
    routeBff({ "GET /api/card": () => json(memberCard()), "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card", session: sessionOf("U-taro") });
    await screen.findByTestId("member-qr");
    expect(screen.queryByTestId("card-as-of")).toBeNull();
  });

  it("never shows another LINE user's last card on this phone", async () => {
    saveLastKnownCard("U-taro", { member, savedAt: SAVED_AT, clockOffsetMs: 0 });
    routeBff({ "GET /api/card": () => json(errorBody("upstream_unavailable"), 502) });
    renderApp({ path: "/card", session: sessionOf("U-hanako") });
    await screen.findByRole("alert");
    expect(screen.queryByTestId("member-name")).toBeNull();
    expect(screen.queryByTestId("card-as-of")).toBeNull();
  });

  it("keeps each answer as the last known card, and forgets it when the BFF says the account is not linked", async () => {
    routeBff({ "GET /api/card": () => json(memberCard()), "GET /api/card/activity": () => json(noActivity) });
    const first = renderApp({ path: "/card", session: sessionOf("U-taro") });
    await screen.findByTestId("member-qr");
    expect(readLastKnownCard("U-taro")?.member.memberNumber).toBe("M-000123");
    first.unmount();

    routeBff({ "GET /api/card": () => json(errorBody("not_linked"), 404) });
    renderApp({ path: "/card", session: sessionOf("U-taro") });
    await screen.findByTestId("card-unlinked");
    expect(readLastKnownCard("U-taro")).toBeNull();
    expect(screen.queryByTestId("member-name")).toBeNull();
  });
});

describe("the code on /card (issue 11)", () => {
  it("shows the member's name and number with the code, and a brightness hint", async () => {
    routeBff({ "GET /api/card": () => json(memberCard()), "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card" });
    const code = await screen.findByTestId("card-code");
    expect(within(code).getByTestId("card-identity").textContent).toBe("山田 太郎 様会員番号 M-000123");
    expect(within(code).getByTestId("card-brightness-hint").textContent).toBe("画面を明るくすると、読み取りやすくなります。");
  });

  it("gives the brightness hint in English", async () => {
    localStorage.setItem("liff-app:language", "en");
    routeBff({ "GET /api/card": () => json(memberCard()), "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card" });
    expect((await screen.findByTestId("card-brightness-hint")).textContent).toBe(
      "Turn up your screen brightness for easier scanning.",
    );
  });

  it("dims the 6-digit code of an expired card too, not only the QR", async () => {
    const stale = memberCard({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    routeBff({ "GET /api/card": () => json(stale), "GET /api/card/activity": () => json(noActivity) });
    renderApp({ path: "/card" });
    const digits = await screen.findByTestId("card-one-time-code");
    expect(digits.getAttribute("data-dimmed")).toBe("true");
    expect(digits.className).toContain("live-code__digits--dimmed");
  });

  it("never leaves the countdown at 0 when a new code cannot be fetched: it says why", async () => {
    let calls = 0;
    routeBff({
      "GET /api/card": () => {
        calls += 1;
        if (calls === 1) return json(memberCard({ refreshAfterSeconds: 1 }));
        throw new TypeError("Failed to fetch");
      },
      "GET /api/card/activity": () => json(noActivity),
    });
    renderApp({ path: "/card" });
    const hint = await screen.findByTestId("card-code-freshness");
    await waitFor(() => expect(hint.textContent).toBe("通信できないため、新しいコードを表示できません。"), { timeout: 6000 });
    expect(hint.textContent).not.toMatch(/0秒後/);
  }, 10_000);
});
