import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { FlashNoticeBanner } from "../../components/flash-notice.tsx";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { MemberCard } from "../../components/member-card.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { readLastKnownCard } from "../../lib/last-known-card.ts";
import { useMemberScope } from "../../lib/member-scope.ts";
import { cardMessages } from "../../lib/messages-card.ts";
import { registerThisPhone } from "./card-device.ts";
import { MAX_CLOCK_OFFSET_MS } from "./device-code.ts";
import { cardKeysSupported, deleteCardKey, type CardKey } from "./card-key-store.ts";
import { CardPhones } from "./card-phones.tsx";
import { memberCardQueryOptions, phoneKeyQueryOptions, type MemberCardAnswer } from "./card-queries.ts";
import "./card.css";
import { LiveCardCode } from "./live-card-code.tsx";

addMessages(cardMessages);

/**
 * /card: the screen staff wait on at the register. A phone with a card key shows its own code at
 * once, from the last known card, online or not; the BFF's answer then refreshes the member and
 * says whether the key still works. A phone without one shows the server-issued code after one
 * round trip, and gets a key for next time. An unlinked account gets the way to link.
 */
export function CardScreen() {
  const { t, format } = useI18n();
  const scope = useMemberScope();
  const card = useQuery(memberCardQueryOptions(useApiClient(), scope));
  const phoneKey = useQuery(phoneKeyQueryOptions(scope));
  const [lastKnown] = useState(() => readLastKnownCard(scope.lineUserId));
  useKeyForThisPhone(card.data, phoneKey.data);

  const unlinked = card.error instanceof ApiError && card.error.code === "not_linked";
  const member = unlinked ? null : (card.data?.member ?? lastKnown?.member ?? null);
  const clockOffsetMs = card.data?.clockOffsetMs ?? lastKnown?.clockOffsetMs ?? 0;
  const key = phoneKey.data ?? null;
  const keyRefused = card.data !== undefined && card.data.askedForDevice === key?.deviceId && card.data.device !== "active";
  // A clock far off (by the last answer) cannot be trusted to sign: server codes instead.
  const usableKey = key && !keyRefused && Math.abs(clockOffsetMs) <= MAX_CLOCK_OFFSET_MS ? key : null;
  const waitingForNetwork = card.fetchStatus === "paused" || card.isError;
  const loading = !member && !unlinked && !card.isError;
  // The member details' time when they are not fresh: the phone's last known card, or the BFF's (the store system is down).
  const asOf = card.data ? (card.data.source === "snapshot" ? card.data.memberAsOf : undefined) : lastKnown?.savedAt;

  return (
    <section className="screen" aria-labelledby="card-title" aria-busy={loading} data-testid="card-screen">
      <HomeLink />
      <h1 id="card-title" className="screen__title">
        <PhraseText>{t("card.title")}</PhraseText>
      </h1>
      <FlashNoticeBanner />
      <p className="visually-hidden" role="status">
        {loading ? t("card.loading") : ""}
      </p>
      {member ? (
        <>
          {usableKey || card.data ? (
            <LiveCardCode member={member} phoneKey={usableKey} clockOffsetMs={clockOffsetMs} />
          ) : waitingForNetwork ? (
            <div className="notice notice--error" role="alert" data-testid="card-needs-network">
              <p>
                <PhraseText>{t("cardLive.needsNetwork")}</PhraseText>
              </p>
              <button type="button" className="button button--secondary" onClick={() => void card.refetch()}>
                {t("cardLive.retry")}
              </button>
            </div>
          ) : (
            <div className="live-code live-code--loading skeleton" aria-hidden="true" data-testid="card-code-loading" />
          )}
          {asOf !== undefined ? (
            <p className="card-as-of" data-testid="card-as-of">
              <PhraseText>{t("cardLive.asOf", { time: format.dateTime(asOf) })}</PhraseText>
            </p>
          ) : null}
          {/* The one error box of the screen, when a code is on it: the code still works. */}
          {card.isError && (usableKey || !waitingForNetwork) ? (
            <div className="notice" role="status" data-testid="card-stale">
              <p>
                <PhraseText>{t("cardLive.stale")}</PhraseText>
              </p>
              <button type="button" className="button button--secondary" onClick={() => void card.refetch()}>
                {t("cardLive.retry")}
              </button>
            </div>
          ) : null}
          <MemberCard member={member} />
          <Link to="/settings" className="button button--secondary button--block" data-testid="card-settings-link">
            {t("card.settings")}
          </Link>
          {card.data ? <CardPhones thisPhone={key?.deviceId ?? null} /> : null}
        </>
      ) : unlinked ? (
        <div className="panel" data-testid="card-unlinked">
          <p>
            <PhraseText>{t("card.unlinked")}</PhraseText>
          </p>
          <LinkCallToAction />
        </div>
      ) : card.isError ? (
        <QueryErrorPanel error={card.error} onRetry={() => void card.refetch()} />
      ) : (
        <div aria-hidden="true" data-testid="card-skeleton">
          <div className="live-code live-code--loading skeleton" />
        </div>
      )}
    </section>
  );
}

/**
 * Gives this phone a card key once the BFF has answered online: a new one when it has none, or
 * when the BFF no longer accepts its key (revoked, expired, another link). Once per screen.
 */
function useKeyForThisPhone(card: MemberCardAnswer | undefined, key: CardKey | null | undefined) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const scope = useMemberScope();
  const tried = useRef(false);
  useEffect(() => {
    const { lineUserId } = scope;
    if (!card || key === undefined || !lineUserId || tried.current || !cardKeysSupported()) return;
    if (key && card.askedForDevice !== key.deviceId) return;
    if (key && card.device === "active") return;
    tried.current = true;
    void (async () => {
      if (key) await deleteCardKey(key.lineUserId);
      // Offline or refused: the card goes on with server codes, and tries again next open.
      const fresh = await registerThisPhone(api, lineUserId).catch(() => null);
      queryClient.setQueryData(phoneKeyQueryOptions(scope).queryKey, fresh);
    })();
  }, [card, key, api, queryClient, scope]);
}
