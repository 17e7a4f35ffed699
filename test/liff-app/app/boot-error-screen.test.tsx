import { render, screen } from "@testing-library/react";
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
});
