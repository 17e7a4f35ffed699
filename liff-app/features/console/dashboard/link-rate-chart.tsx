import type { ConsoleDashboardResponse } from "../../../../shared/api.ts";
import { useI18n } from "../../../lib/i18n.tsx";
import { ChartFigure, LineChart } from "./charts.tsx";
import { percent } from "./dashboard-format.ts";

/** The link rate per Japan day, dashed where the day is an estimate rather than a snapshot. */
export function LinkRateChart({ data }: { data: ConsoleDashboardResponse }) {
  const { t, format, language } = useI18n();
  const series = data.series;
  const first = series[0];
  const last = series.at(-1);
  const highest = Math.max(0, ...series.map((day) => day.linkRate ?? 0));
  // A scale that ends at the next 10 %, so a 3 % rate is not a flat line at the bottom.
  const max = Math.min(1, Math.max(0.1, Math.ceil(highest * 10) / 10));
  const estimated = series.some((day) => day.source === "events" && day.linkRate !== null);
  return (
    <section className="dashboard__section" aria-labelledby="dashboard-rate-title">
      <h3 id="dashboard-rate-title" className="dashboard__section-title">
        {t("consoleDashboard.rate.title")}
      </h3>
      <p className="dashboard__note">{t("consoleDashboard.rate.description")}</p>
      <ChartFigure
        testId="dashboard-rate-chart"
        caption={t("consoleDashboard.rate.chartLabel", {
          from: first ? format.date(first.day) : "",
          to: last ? format.date(last.day) : "",
          latest: percent(last?.linkRate ?? null, language),
        })}
        axis={{
          start: first ? format.date(first.day) : "",
          end: last ? format.date(last.day) : "",
          top: percent(max, language),
        }}
        chart={
          <LineChart max={max} points={series.map((day) => ({ value: day.linkRate, estimated: day.source === "events" }))} />
        }
        table={
          <table className="console-table">
            <caption className="visually-hidden">{t("consoleDashboard.rate.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consoleDashboard.rate.day")}</th>
                <th scope="col">{t("consoleDashboard.rate.friends")}</th>
                <th scope="col">{t("consoleDashboard.rate.linked")}</th>
                <th scope="col">{t("consoleDashboard.rate.rate")}</th>
                <th scope="col">{t("consoleDashboard.rate.source")}</th>
              </tr>
            </thead>
            <tbody>
              {series.map((day) => (
                <tr key={day.day}>
                  <th scope="row" className="console-table__nowrap">
                    {format.date(day.day)}
                  </th>
                  <td className="console-table__number">{format.number(day.friends)}</td>
                  <td className="console-table__number">{format.number(day.linked)}</td>
                  <td className="console-table__number">{percent(day.linkRate, language)}</td>
                  <td>{t(`consoleDashboard.rate.sources.${day.source}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      {estimated ? <p className="dashboard__note">{t("consoleDashboard.rate.estimated")}</p> : null}
    </section>
  );
}
