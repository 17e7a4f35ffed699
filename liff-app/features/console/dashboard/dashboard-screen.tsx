import "./dashboard.css";
import { useState } from "react";
import type { ConsoleDashboardResponse } from "../../../../shared/api.ts";
import { PhraseText } from "../../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../../lib/i18n.tsx";
import { consoleDashboardMessages } from "../../../lib/messages-console-dashboard.ts";
import { useConsoleDashboard, type DashboardDays } from "./dashboard-queries.ts";
import { monthLabel, percent } from "./dashboard-format.ts";
import { LinkRateChart } from "./link-rate-chart.tsx";
import { MessagesPanel } from "./messages-panel.tsx";
import { NewLinksChart } from "./new-links-chart.tsx";

addMessages(consoleDashboardMessages);

/** /console/dashboard: friends, links and the link rate over time, messages and app orders this month. */
export function DashboardScreen() {
  const { t, format } = useI18n();
  const [days, setDays] = useState<DashboardDays>(30);
  const dashboard = useConsoleDashboard(days);

  return (
    <section className="console-panel dashboard" aria-labelledby="console-dashboard-title" data-testid="console-dashboard">
      <div className="dashboard__heading">
        <h2 id="console-dashboard-title" className="console-panel__title">
          {t("consoleDashboard.title")}
        </h2>
        <fieldset className="dashboard__period">
          <legend className="visually-hidden">{t("consoleDashboard.period.label")}</legend>
          {([30, 90] as const).map((choice) => (
            <label key={choice} className="dashboard__period-choice">
              <input
                type="radio"
                name="dashboard-period"
                value={choice}
                checked={days === choice}
                onChange={() => setDays(choice)}
              />
              {t(choice === 30 ? "consoleDashboard.period.days30" : "consoleDashboard.period.days90")}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="console-panel__description">
        <PhraseText>{t("consoleDashboard.description")}</PhraseText>
      </p>
      {dashboard.isPending ? (
        <DashboardSkeleton />
      ) : dashboard.isError ? (
        <QueryErrorPanel error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <>
          <p className="console-panel__status" data-testid="dashboard-as-of">
            {t("consoleDashboard.asOf", { time: format.dateTime(dashboard.data.asOf) })}
          </p>
          <Totals data={dashboard.data} />
          <LinkRateChart data={dashboard.data} />
          <NewLinksChart data={dashboard.data} />
          <MessagesPanel messages={dashboard.data.messages} />
          <AppPlacements app={dashboard.data.app} />
        </>
      )}
    </section>
  );
}

function Totals({ data }: { data: ConsoleDashboardResponse }) {
  const { t, format, language } = useI18n();
  const mark = t("consoleDashboard.footnoteMark");
  const tiles = [
    { key: "friends", label: t("consoleDashboard.totals.friends"), value: format.number(data.friends), marked: false },
    { key: "blocked", label: t("consoleDashboard.totals.blocked"), value: format.number(data.blocked), marked: false },
    { key: "linked", label: t("consoleDashboard.totals.linked"), value: format.number(data.linked), marked: true },
    { key: "linkRate", label: t("consoleDashboard.totals.linkRate"), value: percent(data.linkRate, language), marked: true },
  ];
  return (
    <div className="dashboard__totals-block">
      <h3 className="visually-hidden">{t("consoleDashboard.totals.label")}</h3>
      <dl className="dashboard__totals" data-testid="dashboard-totals">
        {tiles.map((tile) => (
          <div key={tile.key} className="dashboard__tile" data-testid={`dashboard-${tile.key}`}>
            <dt>{tile.label}</dt>
            <dd>
              {tile.value}
              {tile.marked ? <sup className="dashboard__mark">{mark}</sup> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="dashboard__footnote" data-testid="dashboard-footnote">
        <PhraseText>{t("consoleDashboard.footnote")}</PhraseText>
      </p>
      <p className="dashboard__footnote" data-testid="dashboard-merchant-linked">
        <PhraseText>
          {data.merchantLinked
            ? t("consoleDashboard.merchantLinked", {
                count: format.number(data.merchantLinked.count),
                time: format.dateTime(data.merchantLinked.countedAt),
              })
            : t("consoleDashboard.merchantLinkedPending")}
        </PhraseText>
      </p>
      <p className="dashboard__footnote">
        <PhraseText>{t("consoleDashboard.friendsFootnote")}</PhraseText>
      </p>
    </div>
  );
}

function AppPlacements({ app }: { app: ConsoleDashboardResponse["app"] }) {
  const { t, format, language } = useI18n();
  return (
    <section className="dashboard__section" aria-labelledby="dashboard-app-title" data-testid="dashboard-app">
      <h3 id="dashboard-app-title" className="dashboard__section-title">
        {t("consoleDashboard.app.title", { month: monthLabel(app.month, language) })}
      </h3>
      <dl className="dashboard__totals">
        <div className="dashboard__tile" data-testid="dashboard-orders">
          <dt>{t("consoleDashboard.app.orders")}</dt>
          <dd>{t("consoleDashboard.count", { count: format.number(app.orders) })}</dd>
        </div>
        <div className="dashboard__tile" data-testid="dashboard-reservations">
          <dt>{t("consoleDashboard.app.reservations")}</dt>
          <dd>{t("consoleDashboard.count", { count: format.number(app.reservations) })}</dd>
        </div>
      </dl>
      <p className="dashboard__footnote">
        <PhraseText>{t("consoleDashboard.app.footnote")}</PhraseText>
      </p>
    </section>
  );
}

function DashboardSkeleton() {
  const { t } = useI18n();
  return (
    <div className="dashboard__skeleton" data-testid="dashboard-skeleton">
      <p role="status" className="visually-hidden">
        {t("consoleDashboard.loading")}
      </p>
      <div className="dashboard__totals" aria-hidden="true">
        {[0, 1, 2, 3].map((index) => (
          <div key={index} className="dashboard__tile">
            <span className="skeleton skeleton--text" />
            <span className="skeleton skeleton--title" />
          </div>
        ))}
      </div>
      <div className="skeleton dashboard__chart-skeleton" aria-hidden="true" />
      <div className="skeleton dashboard__chart-skeleton" aria-hidden="true" />
    </div>
  );
}
