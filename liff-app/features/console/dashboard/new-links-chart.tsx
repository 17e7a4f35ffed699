import type { ConsoleDashboardResponse, LinkRoute } from "../../../../shared/api.ts";
import { useI18n } from "../../../lib/i18n.tsx";
import { ChartFigure, StackedBarChart } from "./charts.tsx";

// Types only from shared/: zod stays out of the browser bundle.
const routes: readonly LinkRoute[] = ["app", "register", "account_link"];

/** New links per Japan day, stacked by route, with the period's totals. */
export function NewLinksChart({ data }: { data: ConsoleDashboardResponse }) {
  const { t, format } = useI18n();
  const days = data.series.map((day) => day.day);
  const byDay = new Map(data.newLinks.days.map((day) => [day.day, day]));
  const total = routes.reduce((sum, route) => sum + data.newLinks.total[route], 0);
  const first = days[0];
  const last = days.at(-1);
  const dayTotal = (day: string) => routes.reduce((sum, route) => sum + (byDay.get(day)?.[route] ?? 0), 0);
  const highest = Math.max(1, ...days.map(dayTotal));
  return (
    <section className="dashboard__section" aria-labelledby="dashboard-links-title">
      <h3 id="dashboard-links-title" className="dashboard__section-title">
        {t("consoleDashboard.links.title")}
      </h3>
      <p className="dashboard__note">{t("consoleDashboard.links.description")}</p>
      <dl className="dashboard__totals dashboard__totals--routes" data-testid="dashboard-links-total">
        {routes.map((route) => (
          <div key={route} className="dashboard__tile">
            <dt>
              <span className={`chart__swatch chart__bar--${route}`} aria-hidden="true" />
              {t(`consoleDashboard.links.routes.${route}`)}
            </dt>
            <dd>{t("consoleDashboard.people", { count: format.number(data.newLinks.total[route]) })}</dd>
          </div>
        ))}
      </dl>
      {total === 0 ? (
        <p className="console-panel__status">{t("consoleDashboard.links.none")}</p>
      ) : (
        <ChartFigure
          testId="dashboard-links-chart"
          caption={t("consoleDashboard.links.chartLabel", {
            from: first ? format.date(first) : "",
            to: last ? format.date(last) : "",
            total: format.number(total),
          })}
          axis={{ start: first ? format.date(first) : "", end: last ? format.date(last) : "", top: format.number(highest) }}
          chart={
            <StackedBarChart
              count={days.length}
              series={routes.map((route) => ({
                key: route,
                className: `chart__bar chart__bar--${route}`,
                values: days.map((day) => byDay.get(day)?.[route] ?? 0),
              }))}
            />
          }
          table={
            <table className="console-table">
              <caption className="visually-hidden">{t("consoleDashboard.links.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("consoleDashboard.links.day")}</th>
                  {routes.map((route) => (
                    <th key={route} scope="col">
                      {t(`consoleDashboard.links.routes.${route}`)}
                    </th>
                  ))}
                  <th scope="col">{t("consoleDashboard.links.sum")}</th>
                </tr>
              </thead>
              <tbody>
                {days
                  .filter((day) => dayTotal(day) > 0)
                  .map((day) => (
                    <tr key={day}>
                      <th scope="row" className="console-table__nowrap">
                        {format.date(day)}
                      </th>
                      {routes.map((route) => (
                        <td key={route} className="console-table__number">
                          {format.number(byDay.get(day)?.[route] ?? 0)}
                        </td>
                      ))}
                      <td className="console-table__number">{format.number(dayTotal(day))}</td>
                    </tr>
                  ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("consoleDashboard.links.total")}</th>
                  {routes.map((route) => (
                    <td key={route} className="console-table__number">
                      {format.number(data.newLinks.total[route])}
                    </td>
                  ))}
                  <td className="console-table__number">{format.number(total)}</td>
                </tr>
              </tfoot>
            </table>
          }
        />
      )}
    </section>
  );
}
