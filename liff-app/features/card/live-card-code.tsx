import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { CardActivity } from "../../../shared/api.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { refreshMe } from "../../lib/me.ts";
import { useMemberScope } from "../../lib/member-scope.ts";
import { cardActivityQueryOptions, memberCardQueryOptions } from "./card-queries.ts";
import { MemberQr } from "./member-qr.tsx";
import { useNow } from "../../lib/use-now.ts";

/** The QR code staff scan, its fallback code, how fresh it is, and what staff just did. */
export function LiveCardCode() {
  const { t, formatNumber } = useI18n();
  const api = useApiClient();
  const queryClient = useQueryClient();
  const scope = useMemberScope();
  const card = useQuery(memberCardQueryOptions(api, scope));
  // The server's position in the activity, never the phone's clock: it moves past each page.
  const [cursor, setCursor] = useState<string | null>(null);
  const activity = useQuery({ ...cardActivityQueryOptions(api, scope, cursor), enabled: card.isSuccess });
  const now = useNow(1000);
  const [latest, setLatest] = useState<CardActivity | null>(null);

  // A scan used this code up and changed the balance: show what happened, then a new code.
  useEffect(() => {
    if (!activity.data) return;
    const { activities, cursor: next } = activity.data;
    // The server's cursor moves the poll on; it only exists in this answer, hence state set here.
    // oxlint-disable-next-line react/set-state-in-effect
    if (next !== cursor) setCursor(next);
    if (activities.length === 0) return;
    setLatest(activities[activities.length - 1]);
    // The balance on every screen changed, and the used code is replaced by a fresh one.
    void refreshMe(queryClient, api, scope);
    void queryClient.invalidateQueries({ queryKey: memberCardQueryOptions(api, scope).queryKey, exact: true });
  }, [activity.data, cursor, queryClient, api, scope]);

  // The screen renders this only once the card has arrived.
  if (!card.data) return null;

  const { token, tokenExpiresAt, code, member, refreshAfterSeconds } = card.data;
  const expired = Date.parse(tokenExpiresAt) <= now;
  const refreshAt = card.dataUpdatedAt + refreshAfterSeconds * 1000;
  const secondsLeft = Math.min(refreshAfterSeconds, Math.max(0, Math.ceil((refreshAt - now) / 1000)));
  const freshness = Math.min(1, Math.max(0, (refreshAt - now) / (refreshAfterSeconds * 1000)));

  return (
    <section className="live-code" aria-labelledby="live-code-title" data-testid="card-code">
      <h2 id="live-code-title" className="live-code__title">
        {t("cardLive.qrTitle")}
      </h2>
      <p className="live-code__instructions">{t("cardLive.instructions")}</p>
      {/* What staff just did shows above the code, where the customer is looking. */}
      <div role="status" aria-live="polite" className="live-code__activity-slot">
        {latest ? (
          <p className="live-code__activity" data-testid="card-activity" data-kind={latest.kind}>
            {t(`cardLive.activity.${latest.kind}`, {
              store: latest.storeName ?? "",
              points: formatNumber(Math.abs(latest.points ?? 0)),
            })}
            {latest.balance !== null ? (
              <span className="live-code__activity-balance">
                {t("cardLive.activity.balance", { points: formatNumber(latest.balance) })}
              </span>
            ) : null}
          </p>
        ) : null}
      </div>
      <div className="live-code__qr">
        <MemberQr value={token} dimmed={expired} label={t("cardLive.qrLabel", { number: member.memberNumber })} />
      </div>
      <p className="live-code__number">
        <span className="live-code__number-label">{t("cardLive.codeLabel")}</span>
        <span className="live-code__digits" data-testid="card-one-time-code">
          {code.slice(0, 3)} {code.slice(3)}
        </span>
      </p>
      <div className="live-code__freshness" aria-hidden="true">
        <div className="live-code__bar" style={{ transform: `scaleX(${freshness})` }} />
      </div>
      {expired ? (
        <div className="live-code__expired" role="alert">
          <p>{card.isError ? t("cardLive.refreshFailed") : t("cardLive.expired")}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void card.refetch()}
            data-testid="card-code-retry"
          >
            {t("cardLive.refreshNow")}
          </button>
        </div>
      ) : (
        <p className="live-code__hint" data-testid="card-code-freshness">
          {card.isFetching ? t("cardLive.refreshing") : t("cardLive.refreshIn", { seconds: secondsLeft })}
        </p>
      )}
    </section>
  );
}
