import { CARD_WINDOW_SECONDS } from "../../../shared/member-card-code.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { CardMember } from "../../lib/last-known-card.ts";
import { useNow } from "../../lib/use-now.ts";
import { CardCodePanel, type CardCodeView } from "./card-code-panel.tsx";
import { useDeviceCode, type DeviceCode } from "./card-device.ts";
import type { CardKey } from "./card-key-store.ts";

/** The phone-signed code alone, with no BFF behind it (the instant card before LIFF is up). */
export function LiveCodeOnly({
  member,
  phoneKey,
  clockOffsetMs,
}: {
  member: CardMember;
  phoneKey: CardKey;
  clockOffsetMs: number;
}) {
  const view = useDeviceCodeView(useDeviceCode(phoneKey, clockOffsetMs), null);
  if (!view) return <div className="live-code live-code--loading skeleton" aria-hidden="true" data-testid="card-code-loading" />;
  return <CardCodePanel code={view} member={member} activity={null} />;
}

/** How a phone-signed code shows: its countdown always reaches the next code, online or not. */
export function useDeviceCodeView(code: DeviceCode | null, usedWindow: number | null): CardCodeView | null {
  const { t } = useI18n();
  const now = useNow(1000);
  if (!code) return null;
  const msLeft = Math.min(CARD_WINDOW_SECONDS * 1000, Math.max(0, code.endsAt - now));
  const secondsLeft = Math.max(1, Math.ceil(msLeft / 1000));
  const used = usedWindow === code.window;
  return {
    qr: code.qr,
    typed: code.typed,
    state: used ? "used" : "fresh",
    freshness: msLeft / (CARD_WINDOW_SECONDS * 1000),
    hint: used ? t("cardLive.nextCodeIn", { seconds: secondsLeft }) : t("cardLive.refreshIn", { seconds: secondsLeft }),
  };
}
