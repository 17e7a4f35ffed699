import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { CardActivity } from "../../../shared/api.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import type { CardMember } from "../../lib/last-known-card.ts";
import { refreshMe } from "../../lib/me.ts";
import { useMemberScope } from "../../lib/member-scope.ts";
import { useNow } from "../../lib/use-now.ts";
import { CardCodePanel, type CardCodeView } from "./card-code-panel.tsx";
import { CARD_WINDOW_SECONDS } from "../../../shared/member-card-code.ts";
import type { DeviceCode } from "./device-code.ts";
import { useDeviceCode } from "./use-device-code.ts";
import type { CardKey } from "./card-key-store.ts";
import { cardActivityQueryOptions, memberCardQueryOptions, type MemberCardAnswer } from "./card-queries.ts";

/**
 * The code staff scan: signed on this phone when it has a working key (no network needed), else
 * the server-issued one from /api/card. While online, what staff did shows on it.
 */
export function LiveCardCode({
  member,
  phoneKey,
  clockOffsetMs,
}: {
  member: CardMember;
  phoneKey: CardKey | null;
  clockOffsetMs: number;
}) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const scope = useMemberScope();
  const card = useQuery(memberCardQueryOptions(api, scope));
  const deviceCode = useDeviceCode(phoneKey, clockOffsetMs);
  // The server's position in the activity, never the phone's clock: it moves past each page.
  const [cursor, setCursor] = useState<string | null>(null);
  const activity = useQuery({ ...cardActivityQueryOptions(api, scope, cursor), enabled: card.isSuccess });
  const [latest, setLatest] = useState<CardActivity | null>(null);
  // The window a scan used up: its code stays dimmed until the next window's arrives.
  const [usedWindow, setUsedWindow] = useState<number | null>(null);
  const currentWindow = deviceCode?.window ?? null;

  // A scan used this code up and changed the balance: show what happened, then a new code.
  useEffect(() => {
    if (!activity.data) return;
    const { activities, cursor: next } = activity.data;
    // The server's cursor moves the poll on; it only exists in this answer, hence state set here.
    // oxlint-disable-next-line react/set-state-in-effect
    if (next !== cursor) setCursor(next);
    if (activities.length === 0) return;
    setLatest(activities[activities.length - 1]);
    setUsedWindow(currentWindow);
    // The balance on every screen changed, and a used server code is replaced by a fresh one.
    void refreshMe(queryClient, api, scope);
    void queryClient.invalidateQueries({ queryKey: memberCardQueryOptions(api, scope).queryKey, exact: true });
    // Only a new answer from the poll means a new scan, not a new window.
    // oxlint-disable-next-line react/exhaustive-deps
  }, [activity.data, cursor, queryClient, api, scope]);

  const deviceView = useDeviceCodeView(deviceCode, usedWindow);
  const serverView = useServerCodeView(card.data, card.isFetching, card.isError, () => void card.refetch());
  // The phone's own code once it is signed; until then (the moment a first open's new key is in
  // place) the server's code stays up rather than a frame without any.
  const view = phoneKey ? (deviceView ?? serverView) : serverView;
  if (!view) return <div className="live-code live-code--loading skeleton" aria-hidden="true" data-testid="card-code-loading" />;
  return <CardCodePanel code={view} member={member} activity={latest} />;
}

/** How a phone-signed code shows: its countdown always reaches the next code, online or not. */
function useDeviceCodeView(code: DeviceCode | null, usedWindow: number | null): CardCodeView | null {
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

function useServerCodeView(
  card: MemberCardAnswer | undefined,
  fetching: boolean,
  failed: boolean,
  refresh: () => void,
): CardCodeView | null {
  const { t } = useI18n();
  const now = useNow(1000);
  if (!card) return null;
  const expired = Date.parse(card.tokenExpiresAt) <= now;
  const due = card.receivedAt + card.refreshAfterSeconds * 1000;
  const secondsLeft = Math.min(card.refreshAfterSeconds, Math.max(0, Math.ceil((due - now) / 1000)));
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  // Never "0 s" forever: past the refresh time the line says what is happening instead.
  const hint = fetching
    ? t("cardLive.refreshing")
    : secondsLeft > 0
      ? t("cardLive.refreshIn", { seconds: secondsLeft })
      : failed || offline
        ? t("cardLive.waitingForNetwork")
        : t("cardLive.refreshing");
  return {
    qr: card.token,
    typed: card.code,
    state: expired ? "expired" : "fresh",
    freshness: Math.min(1, Math.max(0, (due - now) / (card.refreshAfterSeconds * 1000))),
    hint: expired ? (failed || offline ? t("cardLive.refreshFailed") : "") : hint,
    onRefresh: expired ? refresh : undefined,
  };
}
