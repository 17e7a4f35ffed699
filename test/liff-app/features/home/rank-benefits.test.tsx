import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { MeResponse } from "../../../../shared/api.ts";
import { linkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff } from "../../render-app.tsx";
import { quietNowRoutes, silverMe } from "./home-fixtures.ts";

// The blocks' code arrives as a chunk of its own after the first screen: slow on a busy machine.
const LAZY = { timeout: 5000 };

const silverMember = linkedMember(silverMe);
/** 鈴木 美咲 at silver, with what silver and gold give as the shop words it. */
const silverWithBenefits: MeResponse = {
  ...silverMe,
  link: {
    status: "linked",
    member: {
      ...silverMember,
      rank: { ...silverMember.rank, benefits: ["ポイント2倍", "誕生月クーポン"] },
      rankProgress: {
        ...silverMember.rankProgress!,
        nextRank: { code: "gold", name: "ゴールド", benefits: ["ポイント3倍", "焼き菓子10%オフクーポン"] },
      },
    },
  },
};

function linkedMember(me: MeResponse) {
  if (me.link.status !== "linked") throw new Error("a linked member");
  return me.link.member;
}

describe("home › rank benefits", () => {
  it("lists what the member's rank gives under a heading, and names the next rank's headline benefit with the progress", async () => {
    routeBff({ "GET /api/me": () => json(silverWithBenefits), ...quietNowRoutes });
    renderApp();

    const benefits = await screen.findByRole("region", { name: "シルバー会員の特典" }, LAZY);
    const list = within(benefits).getByRole("list", { name: "シルバー会員の特典" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["ポイント2倍", "誕生月クーポン"]);

    const progress = screen.getByRole("region", { name: "次のランクまで" });
    expect(within(progress).getByTestId("rank-progress-remaining").textContent).toBe("あと¥3,200でゴールド（ポイント3倍）");
    expect(within(progress).getByRole("progressbar", { name: "あと¥3,200でゴールド（ポイント3倍）" })).toBeTruthy();
  });

  it("keeps the shop's words in English around English labels", async () => {
    routeBff({ "GET /api/me": () => json(silverWithBenefits), ...quietNowRoutes });
    renderApp({ session: fakeSession({ appLanguage: "en" }) });

    const list = await screen.findByRole("list", { name: "What Silver members get" }, LAZY);
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByTestId("rank-progress-remaining").textContent).toBe("¥3,200 more to Gold (ポイント3倍)");
  });

  it("shows no benefits block when the merchant names none, and the plain progress line", async () => {
    routeBff({ "GET /api/me": () => json(silverMe), ...quietNowRoutes });
    renderApp();

    expect((await screen.findByTestId("rank-progress-remaining", {}, LAZY)).textContent).toBe("あと¥3,200でゴールド");
    expect(screen.queryByTestId("rank-benefits")).toBeNull();
  });

  it("shows the top rank's benefits even with no next rank to reach", async () => {
    const gold: MeResponse = {
      ...linkedMe,
      link: {
        status: "linked",
        member: { ...linkedMember(linkedMe), rank: { code: "gold", name: "ゴールド", benefits: ["ポイント3倍"] } },
      },
    };
    routeBff({ "GET /api/me": () => json(gold), ...quietNowRoutes });
    renderApp();

    const list = await screen.findByRole("list", { name: "ゴールド会員の特典" }, LAZY);
    expect(list.textContent).toBe("ポイント3倍");
    expect(screen.queryByTestId("rank-progress")).toBeNull();
  });
});
