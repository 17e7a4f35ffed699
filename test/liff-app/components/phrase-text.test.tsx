import { render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { PhraseText } from "../../../liff-app/components/phrase-text.tsx";
import { I18nProvider } from "../../../liff-app/lib/i18n.tsx";
import type { Language } from "../../../liff-app/lib/language.ts";

const sentence = "会員証をお店のスタッフにお見せください。";

function renderIn(language: Language, text: string) {
  return render(
    <I18nProvider initialLanguage={language}>
      <p data-testid="sentence">
        <PhraseText>{text}</PhraseText>
      </p>
    </I18nProvider>,
  );
}

/** The text between the <wbr>s: where a line may break. */
const breakableRuns = (element: HTMLElement) => element.innerHTML.replace(/<\/?span[^>]*>/g, "").split("<wbr>");

describe("PhraseText › Japanese breaks between phrases", () => {
  it("puts a <wbr> between BudouX's phrases where the browser has no word-break: auto-phrase (iOS)", async () => {
    const supports = vi.fn((property: string, value: string) => !(property === "word-break" && value === "auto-phrase"));
    vi.stubGlobal("CSS", { supports });
    renderIn("ja", sentence);

    const element = screen.getByTestId("sentence");
    await waitFor(() => expect(element.querySelectorAll("wbr").length).toBeGreaterThan(0));
    expect(supports).toHaveBeenCalledWith("word-break", "auto-phrase");
    const runs = breakableRuns(element);
    expect(runs.join("")).toBe(sentence);
    // Never inside 「ください。」 or 「スタッフ」.
    expect(runs).toContain("ください。");
    expect(runs.some((run) => run.includes("スタッフ"))).toBe(true);
    expect(element.textContent).toBe(sentence);
    expect(element.querySelector(".phrase-text")).not.toBeNull();
  });

  it("leaves the text alone where the browser breaks phrases itself", async () => {
    vi.stubGlobal("CSS", { supports: () => true });
    renderIn("ja", sentence);
    const element = screen.getByTestId("sentence");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(element.innerHTML).toBe(sentence);
  });

  it("leaves English alone, whatever the browser", async () => {
    vi.stubGlobal("CSS", { supports: () => false });
    renderIn("en", "Show your member card to the staff.");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByTestId("sentence").innerHTML).toBe("Show your member card to the staff.");
  });
});
