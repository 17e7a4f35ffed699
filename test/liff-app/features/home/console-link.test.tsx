import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { staffMe } from "../../fixtures.ts";
import { json, renderApp, stubBff } from "../../render-app.tsx";

// Admins find the console from home: the staff panel links to it when /api/me says `console`.

describe("home's staff panel and the console", () => {
  it("offers 管理画面を開く to an admin, linking to /console", async () => {
    stubBff(() => json({ ...staffMe, staff: { ...staffMe.staff!, console: true } }));
    renderApp();
    const panel = await screen.findByRole("region", { name: "スタッフ" });
    expect(within(panel).getByRole("link", { name: "管理画面を開く" }).getAttribute("href")).toBe("/console");
  });

  it("offers no console link to staff without the admin role", async () => {
    stubBff(() => json({ ...staffMe, staff: { ...staffMe.staff!, console: false } }));
    renderApp();
    const panel = await screen.findByRole("region", { name: "スタッフ" });
    expect(within(panel).getByRole("link", { name: "スタッフ画面を開く" })).toBeTruthy();
    expect(within(panel).queryByRole("link", { name: "管理画面を開く" })).toBeNull();
  });
});
