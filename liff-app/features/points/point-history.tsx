import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { PointHistoryResponse } from "../../../shared/api.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel, SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { pointHistoryQueryOptions } from "./points-queries.ts";

type PointHistoryEntry = PointHistoryResponse["entries"][number];

const SKELETON_ROWS = 4;

/** Every change to the balance, newest first, with where it came from; more as the list scrolls. */
export function PointHistory() {
  const { t, plural } = useI18n();
  const history = useInfiniteQuery(pointHistoryQueryOptions(useApiClient(), useMemberScope()));
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section className="panel point-history" aria-labelledby="point-history-title" data-testid="point-history">
      <h2 id="point-history-title" className="panel__title">
        <PhraseText>{t("points.history.title")}</PhraseText>
      </h2>
      {history.isPending ? (
        <ul className="point-history__list" aria-hidden="true" data-testid="point-history-skeleton">
          {Array.from({ length: SKELETON_ROWS }, (_, index) => (
            <li key={index} className="point-entry point-entry--skeleton">
              <span className="skeleton skeleton--text" />
              <span className="skeleton skeleton--text point-entry__skeleton-meta" />
            </li>
          ))}
        </ul>
      ) : !history.data ? (
        <QueryErrorPanel error={history.error} onRetry={() => void history.refetch()} />
      ) : entries.length === 0 ? (
        <p data-testid="point-history-empty">
          <PhraseText>{t("points.history.empty")}</PhraseText>
        </p>
      ) : (
        <>
          <ul className="point-history__list">
            {entries.map((entry) => (
              <PointHistoryRow key={entry.entryId} entry={entry} />
            ))}
          </ul>
          {/* Announces what a tap on "more" (or scrolling) added, without moving the focus. */}
          <p className="visually-hidden" role="status">
            {history.data.pages.length > 1 ? plural("points.history.shown", entries.length) : ""}
          </p>
          {history.isFetchNextPageError ? <SubmitErrorNotice error={history.error} /> : null}
          {history.hasNextPage ? (
            <LoadMore
              onLoadMore={() => void history.fetchNextPage()}
              loading={history.isFetchingNextPage}
              auto={!history.isFetchNextPageError}
              label={t("points.history.more")}
              loadingLabel={t("points.history.loadingMore")}
              testId="point-history-more"
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function PointHistoryRow({ entry }: { entry: PointHistoryEntry }) {
  const { t, formatNumber, format } = useI18n();
  const added = entry.points >= 0;
  return (
    <li className="point-entry" data-testid="point-history-entry" data-kind={entry.kind}>
      <div className="point-entry__head">
        <span className="point-entry__kind">{t(`points.history.kinds.${entry.kind}`)}</span>
        <span className={added ? "point-entry__points point-entry__points--added" : "point-entry__points"}>
          {t(added ? "points.history.added" : "points.history.taken", { points: formatNumber(Math.abs(entry.points)) })}
        </span>
      </div>
      <div className="point-entry__meta">
        <time dateTime={entry.occurredAt}>{format.dateTime(entry.occurredAt)}</time>
        {entry.storeName ? (
          <span className="point-entry__store" data-testid="point-entry-store">
            {entry.storeName}
          </span>
        ) : null}
        {entry.orderId ? (
          <Link
            to={`/orders/${encodeURIComponent(entry.orderId)}`}
            className="point-entry__order"
            data-testid="point-entry-order"
          >
            {entry.orderNumber
              ? t("points.history.order", { orderNumber: entry.orderNumber })
              : t("points.history.orderUnnumbered")}
          </Link>
        ) : null}
      </div>
      {entry.note ? <p className="point-entry__note">{entry.note}</p> : null}
    </li>
  );
}
