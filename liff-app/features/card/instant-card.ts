import { ja as coreJa, en as coreEn } from "../../lib/messages.ts";
import { createFormats } from "../../lib/formats.ts";
import { chooseLanguage, languageChoices, readStoredLanguage, type Language } from "../../lib/language.ts";
import { lastCardUser, readLastKnownCard, type LastKnownCard } from "../../lib/last-known-card.ts";
import { cardMessages } from "../../lib/messages-card.ts";
import type { MemberCardAnswer } from "./card-fetch.ts";
import { loadCardKey, type CardKey } from "./card-key-store.ts";
import { MAX_CLOCK_OFFSET_MS, mintDeviceCode, type DeviceCode } from "./device-code.ts";
import { qrPath } from "./qr-path.ts";

// The warm open at the register, before the app's own code has run: the card of the LINE user
// who last opened it on this phone, from memory, with a code this phone signs with its key.
// Plain DOM, no React and no network, so it needs only this small script, IndexedDB and
// WebCrypto. The app replaces it when it renders (#root is React's); until then it rotates the
// code each window as /card does. It draws nothing without a key and a last known card.

const words = (language: Language) => ({
  core: language === "ja" ? coreJa : coreEn,
  card: cardMessages[language].cardLive,
});

const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ""));

/** Whether the page opened on the member card (directly, or through LIFF's liff.state). */
export function landsOnCard({ pathname, search }: Location): boolean {
  return pathname === "/card" || new URLSearchParams(search).get("liff.state")?.split(/[?#]/)[0] === "/card";
}

/** Draws the instant card into `root` while it still holds only the boot splash. */
export async function drawInstantCard(root: HTMLElement): Promise<void> {
  if (!landsOnCard(location)) return;
  // Marks for the card bench (test/bench/card-cold-load.ts): where a warm open spends its time.
  performance.mark("instant-card:start");
  const lineUserId = lastCardUser();
  const card = readLastKnownCard(lineUserId);
  if (!lineUserId || !card || Math.abs(card.clockOffsetMs) > MAX_CLOCK_OFFSET_MS) return;
  const key = await loadCardKey(lineUserId);
  if (!key) return;
  performance.mark("instant-card:key");
  const language = chooseLanguage({ stored: readStoredLanguage(), appLanguage: navigator.language || null });
  let drawn: HTMLElement | null = null;
  const tick = async () => {
    // The app has rendered (or something else owns #root): the instant card's work is done.
    if (drawn ? !drawn.isConnected : !root.querySelector(".boot-splash")) return;
    const code = await mintDeviceCode(key, card.clockOffsetMs);
    if (drawn ? !drawn.isConnected : !root.querySelector(".boot-splash")) return;
    const next = instantCardElement(deviceCodeContent(card, key, code), language);
    if (drawn) drawn.replaceWith(next);
    else root.replaceChildren(next);
    drawn = next;
    performance.mark("instant-card:drawn");
    setTimeout(() => void tick(), Math.max(50, code.endsAt - Date.now() + 20));
  };
  await tick();
}

/**
 * A cold open (no key on this phone yet): the card the BFF answered to the first script's early
 * request, with its server-issued code, drawn the same way while #root still holds only the boot
 * splash. On a slow phone the app's first render holds the main thread for a few hundred
 * milliseconds; this puts the code up first. The app takes the same answer, so the code it then
 * shows is this one. Returns whether it drew.
 */
export function drawAnsweredCard(root: HTMLElement, answer: MemberCardAnswer, appLanguage: string | null): boolean {
  if (!root.querySelector(".boot-splash")) return false;
  const language = chooseLanguage({ stored: readStoredLanguage(), appLanguage });
  const content: InstantCardContent = {
    member: answer.member,
    code: { qr: answer.token, typed: answer.code, secondsLeft: answer.refreshAfterSeconds },
    asOf: answer.source === "snapshot" && answer.memberAsOf ? Date.parse(answer.memberAsOf) : undefined,
    deviceId: null,
  };
  const drawn = instantCardElement(content, language);
  root.replaceChildren(drawn);
  performance.mark("instant-card:answered");
  // Its countdown runs as /card's does, until the app replaces it (then the card is the app's).
  const { refreshIn, refreshing, expired } = words(language).card;
  const due = answer.receivedAt + answer.refreshAfterSeconds * 1000;
  const expiresAt = Date.parse(answer.tokenExpiresAt);
  // Just past the moment the seconds left change.
  const untilNextSecond = () => ((((due - Date.now()) % 1000) + 1000) % 1000 || 1000) + 20;
  const tick = () => {
    const hint = drawn.querySelector('[data-testid="card-code-freshness"]');
    if (!drawn.isConnected || !hint) return;
    const now = Date.now();
    const secondsLeft = Math.min(answer.refreshAfterSeconds, Math.ceil((due - now) / 1000));
    // Past its refresh time the app, loading meanwhile, asks for the next code as it starts.
    if (secondsLeft > 0) hint.textContent = fill(refreshIn, { seconds: secondsLeft });
    else hint.textContent = expiresAt <= now ? expired : refreshing;
    // Expired, it is dimmed as /card dims it, so nobody at the register scans or types it.
    if (expiresAt <= now) {
      drawn.querySelector('[data-testid="card-code"]')?.setAttribute("data-state", "expired");
      drawn.querySelector(".member-qr")?.classList.add("member-qr--dimmed");
      drawn.querySelector(".live-code__digits")?.classList.add("live-code__digits--dimmed");
    } else setTimeout(tick, untilNextSecond());
  };
  setTimeout(tick, untilNextSecond());
  return true;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The shop's names and logo as index.html carries them (liff-app/build/brand-plugin.ts), or null. */
function pageBrand(): { shopName: Record<Language, string>; shortName: Record<Language, string>; logoUrl: string } | null {
  const names = document.getElementById("brand-header")?.textContent;
  const logoUrl = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href;
  if (!names || !logoUrl) return null;
  try {
    const { shopName, shortName } = JSON.parse(names) as {
      shopName: Record<Language, string>;
      shortName: Record<Language, string>;
    };
    return { shopName, shortName, logoUrl };
  } catch {
    return null;
  }
}

/** What the instant card shows: a member, a code and, for details not fresh from the merchant, their time. */
interface InstantCardContent {
  member: LastKnownCard["member"];
  code: { qr: string; typed: string; secondsLeft: number };
  asOf: number | undefined;
  deviceId: string | null;
}

function deviceCodeContent(card: LastKnownCard, key: CardKey, code: DeviceCode): InstantCardContent {
  const secondsLeft = Math.max(1, Math.min(30, Math.ceil((code.endsAt - Date.now()) / 1000)));
  return {
    member: card.member,
    code: { qr: code.qr, typed: code.typed, secondsLeft },
    asOf: card.savedAt,
    deviceId: key.deviceId,
  };
}

function instantCardElement({ member, code, asOf, deviceId }: InstantCardContent, language: Language): HTMLElement {
  const { core, card: t } = words(language);
  const qr = qrPath(code.qr);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const attributes = {
    class: "member-qr",
    viewBox: `0 0 ${qr.size} ${qr.size}`,
    role: "img",
    "aria-label": fill(t.qrLabel, { number: member.memberNumber }),
    "shape-rendering": "crispEdges",
    "data-testid": "member-qr",
    "data-token": code.qr,
  };
  for (const [name, value] of Object.entries(attributes)) svg.setAttribute(name, value);
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("width", String(qr.size));
  background.setAttribute("height", String(qr.size));
  background.setAttribute("fill", "#fff");
  const modules = document.createElementNS("http://www.w3.org/2000/svg", "path");
  modules.setAttribute("d", qr.path);
  modules.setAttribute("fill", "#000");
  svg.append(background, modules);

  // The app's page around /card's code panel, with the same structure and classes, so nothing on
  // screen moves when the app replaces it: its header (the switch is the app's once it is up),
  // the way home, the title, then the panel.
  const brand = pageBrand();
  const header = element(
    "header",
    { class: "app-header" },
    element(
      "a",
      { href: "/", class: "app-header__brand", ...(brand ? { "aria-label": brand.shopName[language] } : {}) },
      ...(brand ? [element("img", { class: "app-header__logo", src: brand.logoUrl, alt: "", width: "28", height: "28" })] : []),
      element("span", { class: "app-header__name" }, brand?.shortName[language] ?? ""),
    ),
    element(
      "div",
      { class: "language-switch", "aria-hidden": "true", inert: "" },
      ...languageChoices.map((choice) =>
        element(
          "button",
          {
            type: "button",
            lang: choice.language,
            class: "language-switch__option",
            "aria-pressed": String(choice.language === language),
          },
          choice.label,
        ),
      ),
    ),
  );
  const panel = element(
    "section",
    { class: "live-code", "aria-label": t.qrTitle, "data-testid": "card-code", "data-state": "fresh" },
    element("h2", { class: "live-code__title" }, t.qrTitle),
    element(
      "p",
      { class: "live-code__identity", "data-testid": "card-identity" },
      element("span", { class: "live-code__identity-name" }, fill(core.memberCard.memberName, { name: member.name })),
      element("span", { class: "live-code__identity-number" }, fill(t.memberNumber, { number: member.memberNumber })),
    ),
    element("div", { class: "live-code__qr" }, svg),
    element(
      "p",
      { class: "live-code__instructions" },
      t.instructions,
      element("span", { class: "live-code__brightness", "data-testid": "card-brightness-hint" }, t.brightness),
    ),
    element(
      "p",
      { class: "live-code__number" },
      element("span", { class: "live-code__number-label" }, t.codeLabel),
      element(
        "span",
        { class: "live-code__digits", "data-testid": "card-one-time-code" },
        `${code.typed.slice(0, 3)} ${code.typed.slice(3)}`,
      ),
    ),
    element(
      "p",
      { class: "live-code__hint", "data-testid": "card-code-freshness" },
      fill(t.refreshIn, { seconds: code.secondsLeft }),
    ),
  );
  const asOfLine =
    asOf === undefined
      ? []
      : [
          element(
            "p",
            { class: "card-as-of", "data-testid": "card-as-of" },
            fill(t.asOf, { time: createFormats(language).dateTime(asOf) }),
          ),
        ];
  return element(
    "div",
    { class: "app", "data-testid": "instant-card", ...(deviceId ? { "data-device": deviceId } : {}) },
    header,
    element(
      "main",
      { class: "app-main" },
      element(
        "section",
        { class: "screen", "aria-labelledby": "instant-card-title" },
        element("a", { href: "/", class: "home-link" }, element("span", { "aria-hidden": "true" }, "‹ "), core.nav.home),
        element("h1", { id: "instant-card-title", class: "screen__title" }, core.card.title),
        panel,
        ...asOfLine,
      ),
    ),
  );
}
