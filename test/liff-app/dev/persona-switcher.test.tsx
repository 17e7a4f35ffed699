import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { PersonaSwitcher } from "../../../liff-app/dev/persona-switcher.tsx";
import type { DevPersona } from "../../../liff-app/dev/personas.ts";
import { I18nProvider } from "../../../liff-app/lib/i18n.tsx";
import type { Language } from "../../../liff-app/lib/language.ts";

const personas: DevPersona[] = [
  {
    key: "unlinked",
    lineUserId: "U5b1e0c7d2a9f4e3b8c6d1a0f9e8d7c6b",
    displayName: "佐藤 花子",
    pictureUrl: null,
    description: { ja: "まだ連携していない", en: "Not linked yet" },
  },
  {
    key: "linked",
    lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
    displayName: "山田 太郎",
    pictureUrl: null,
    description: { ja: "会員連携済みのゴールド会員", en: "Linked gold member" },
  },
];

function renderSwitcher(language: Language, notFriend = false) {
  render(
    <I18nProvider initialLanguage={language}>
      <PersonaSwitcher personas={personas} currentKey="linked" notFriend={notFriend} />
    </I18nProvider>,
  );
}

describe("dev persona switcher", () => {
  it("has a floating button named for both languages", () => {
    renderSwitcher("ja");
    expect(screen.getByRole("button", { name: "開発用ペルソナ / Dev persona" })).toBeTruthy();
  });

  it("lists every persona with its description in the current language and marks the current one", () => {
    renderSwitcher("en");
    const sheet = screen.getByTestId("dev-persona-sheet");

    const current = within(sheet).getByTestId("persona-option-linked");
    expect(current.getAttribute("aria-current")).toBe("true");
    expect(current.textContent).toContain("山田 太郎");
    expect(current.textContent).toContain("Linked gold member");
    expect(current.textContent).toContain("current");
    expect(within(sheet).getByTestId("persona-option-unlinked").hasAttribute("aria-current")).toBe(false);
    expect(within(sheet).getByTestId("persona-option-unlinked").textContent).toContain("Not linked yet");
  });

  it("links to the fake LINE platform's dev page", () => {
    renderSwitcher("ja");
    const sheet = screen.getByTestId("dev-persona-sheet");
    expect(sheet.querySelector('a[href="/__fake-line/"]')).toBeTruthy();
  });

  it("has a switch to play a persona who is not a friend of the official account", async () => {
    renderSwitcher("ja", true);
    await userEvent.click(screen.getByRole("button", { name: "開発用ペルソナ / Dev persona" }));
    const toggle = screen.getByRole("checkbox", { name: "友だち追加していない状態にする" });
    expect((toggle as HTMLInputElement).checked).toBe(true);
  });
});
