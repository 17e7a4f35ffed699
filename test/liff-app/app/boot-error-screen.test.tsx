import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { BootErrorScreen } from "../../../liff-app/app/boot-error-screen.tsx";

describe("boot error screen", () => {
  it("explains a missing LIFF ID in Japanese and English, with a reload button", () => {
    render(<BootErrorScreen reason="missing-liff-id" />);

    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("LIFF IDが設定されていません");
    expect(alert.textContent).toContain("no LIFF ID is set");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("The app could not start");
    expect(screen.getByRole("button", { name: "再読み込み / Reload" })).toBeTruthy();
  });

  it("explains a failed LIFF init in both languages", () => {
    render(<BootErrorScreen reason="init-failed" />);
    expect(screen.getByRole("alert").textContent).toContain("could not connect to LINE");
  });

  it("has a main landmark and a level-one heading, and no axe violations", async () => {
    const { container } = render(<BootErrorScreen reason="init-failed" />);
    expect(screen.getByRole("main")).toBeTruthy();
    // jsdom lays nothing out, so axe cannot judge colour contrast here; the browser tests do.
    const { violations } = await axe.run(container, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      rules: { "color-contrast": { enabled: false } },
    });
    expect(violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  });
});
