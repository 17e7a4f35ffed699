import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { addMessages, I18nProvider, useI18n, type PluralKey } from "../../../liff-app/lib/i18n.tsx";
import type { Language } from "../../../liff-app/lib/language.ts";
import { ordersMessages } from "../../../liff-app/lib/messages-orders.ts";
import { reservationsMessages } from "../../../liff-app/lib/messages-reservations.ts";

// As the orders and reservations screens do when they load.
addMessages(ordersMessages);
addMessages(reservationsMessages);

function Counted({ messageKey, counts }: { messageKey: PluralKey; counts: number[] }) {
  const { plural } = useI18n();
  return (
    <ul>
      {counts.map((count) => (
        <li key={count}>{plural(messageKey, count)}</li>
      ))}
    </ul>
  );
}

const renderCounts = (language: Language, messageKey: PluralKey, counts: number[]) => {
  render(
    <I18nProvider initialLanguage={language}>
      <Counted messageKey={messageKey} counts={counts} />
    </I18nProvider>,
  );
  return screen.getAllByRole("listitem").map((item) => item.textContent);
};

describe("plural", () => {
  it("says 1 item and 2 items in English, with separators in the count", () => {
    expect(renderCounts("en", "orders.list.itemCount", [1, 2, 1200])).toEqual(["1 item", "2 items", "1,200 items"]);
  });

  it("says 1 person and 2 people", () => {
    expect(renderCounts("en", "reservations.partySize", [1, 2])).toEqual(["1 person", "2 people"]);
  });

  it("has one form in Japanese", () => {
    expect(renderCounts("ja", "orders.list.itemCount", [1, 2])).toEqual(["1点", "2点"]);
  });
});
