import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { linkedMe, unlinkedMe } from "../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, stubBff } from "../render-app.tsx";

// The shipped brand (brand/brand.config.json, komorebi) reaches the app through the brand plugin.
describe("the shop's brand", () => {
  it("puts the shop's name and logo in the header and the title, in the customer's language", async () => {
    stubBff(() => json(linkedMe));
    renderApp();

    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    const brandLink = screen.getByRole("link", { name: "こもれび珈琲" });
    expect(brandLink.getAttribute("href")).toBe("/");
    expect(brandLink.querySelector("img")?.getAttribute("src")).toMatch(/logo\.svg/);
    expect(document.title).toBe("こもれび珈琲");

    await userEvent.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("link", { name: "Komorebi Coffee" }).textContent).toBe("Komorebi");
    expect(document.title).toBe("Komorebi Coffee");
  });

  it("dresses the member card in its rank's design and names the rank in English from the config", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ session: fakeSession({ appLanguage: "en" }) });

    const card = await screen.findByTestId("member-card");
    expect(card.dataset.rank).toBe("gold");
    expect(within(card).getByTestId("member-rank").textContent).toBe("Rank Gold");
  });

  it("links the terms of use and the privacy policy where the customer links their membership", async () => {
    routeBff({ "GET /api/me": () => json(unlinkedMe), "GET /api/link/settings": () => json({ secondFactor: "pin" }) });
    renderApp({ path: "/link" });

    const policies = await screen.findByTestId("policy-links");
    expect(within(policies).getByRole("link", { name: "利用規約" }).getAttribute("href")).toBe(
      "https://komorebi-coffee.example/terms",
    );
    expect(within(policies).getByRole("link", { name: "プライバシーポリシー" }).getAttribute("href")).toBe(
      "https://komorebi-coffee.example/privacy",
    );
  });

  it("tells how to reach the shop in settings", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ path: "/settings" });

    const contact = await screen.findByRole("region", { name: "こもれび珈琲へのお問い合わせ" });
    expect(within(contact).getByRole("link", { name: "こもれび珈琲に電話する 03-1234-5678" }).getAttribute("href")).toBe(
      "tel:0312345678",
    );
    expect(contact.textContent).toContain("受付 10:00〜18:00");
    expect(within(contact).getByTestId("policy-links")).toBeTruthy();
  });
});
