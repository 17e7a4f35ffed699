import { StrictMode } from "react";
import type { Root } from "react-dom/client";
import { I18nProvider, addMessages, useI18n } from "../../lib/i18n.tsx";
import { chooseLanguage, readStoredLanguage } from "../../lib/language.ts";
import { lastCardUser, readLastKnownCard, type LastKnownCard } from "../../lib/last-known-card.ts";
import { cardMessages } from "../../lib/messages-card.ts";
import { MAX_CLOCK_OFFSET_MS } from "./card-device.ts";
import { loadCardKey, type CardKey } from "./card-key-store.ts";
import "./card.css";
import { LiveCodeOnly } from "./live-code-only.tsx";

addMessages(cardMessages);

/**
 * The warm open at the register: before LIFF has initialised (a round trip to LINE), the card
 * of the LINE user who last opened it on this phone, with a code signed by this phone's key.
 * Nothing here touches the network. `stillFirst` says whether the app has not rendered yet: the
 * real screen, once up, always wins. Shows nothing when there is no key or no last known card.
 */
export async function showInstantCard(root: Root, stillFirst: () => boolean): Promise<void> {
  const lineUserId = lastCardUser();
  const card = readLastKnownCard(lineUserId);
  if (!lineUserId || !card || Math.abs(card.clockOffsetMs) > MAX_CLOCK_OFFSET_MS) return;
  const key = await loadCardKey(lineUserId);
  if (!key || !stillFirst()) return;
  const language = chooseLanguage({ stored: readStoredLanguage(), appLanguage: navigator.language || null });
  root.render(
    <StrictMode>
      <I18nProvider initialLanguage={language}>
        <InstantCard card={card} cardKey={key} />
      </I18nProvider>
    </StrictMode>,
  );
}

function InstantCard({ card, cardKey }: { card: LastKnownCard; cardKey: CardKey }) {
  const { t, format } = useI18n();
  return (
    <main className="instant-card" aria-labelledby="card-title" data-testid="instant-card">
      <h1 id="card-title" className="screen__title">
        {t("card.title")}
      </h1>
      <LiveCodeOnly member={card.member} phoneKey={cardKey} clockOffsetMs={card.clockOffsetMs} />
      <p className="card-as-of" data-testid="card-as-of">
        {t("cardLive.asOf", { time: format.dateTime(card.savedAt) })}
      </p>
    </main>
  );
}
