import type { ConsoleDashboardResponse } from "../../../../shared/api.ts";
import { useI18n } from "../../../lib/i18n.tsx";
import type { MessageKey } from "../../../lib/messages.ts";
import { monthLabel } from "./dashboard-format.ts";

/** Messages LINE accepted this Japan month, by kind, against the plan's quota as LINE reports it. */
export function MessagesPanel({ messages }: { messages: ConsoleDashboardResponse["messages"] }) {
  const { t, format, language } = useI18n();
  const { quota } = messages;
  const month = monthLabel(messages.month, language);
  return (
    <section className="dashboard__section" aria-labelledby="dashboard-messages-title" data-testid="dashboard-messages">
      <h3 id="dashboard-messages-title" className="dashboard__section-title">
        {t("consoleDashboard.messages.title", { month })}
      </h3>
      <p className="dashboard__note">{t("consoleDashboard.messages.description")}</p>
      {quota === null ? (
        <p className="console-panel__status" data-testid="dashboard-quota">
          {t("consoleDashboard.messages.quotaUnknown")}
        </p>
      ) : (
        <div className="dashboard__quota" data-testid="dashboard-quota">
          <p>
            <span className="dashboard__quota-label">{t("consoleDashboard.messages.quota")}: </span>
            <strong>{quota.limit === null ? t("consoleDashboard.messages.unlimited") : format.number(quota.limit)}</strong>
          </p>
          {quota.limit !== null ? (
            <meter
              className="dashboard__meter"
              min={0}
              max={quota.limit}
              value={Math.min(quota.used, quota.limit)}
              high={quota.limit * 0.8}
              aria-label={t("consoleDashboard.messages.meterLabel")}
            />
          ) : null}
          <p className="dashboard__note">
            {quota.limit === null
              ? t("consoleDashboard.messages.quotaUsedUnlimited", { used: format.number(quota.used) })
              : t("consoleDashboard.messages.quotaUsed", { used: format.number(quota.used), limit: format.number(quota.limit) })}
            {" · "}
            {t("consoleDashboard.messages.quotaReadAt", { time: format.dateTime(quota.readAt) })}
          </p>
        </div>
      )}
      {messages.byKind.length === 0 ? (
        <p className="console-panel__status">{t("consoleDashboard.messages.none")}</p>
      ) : (
        <div
          className="console-table__scroll"
          role="region"
          tabIndex={0}
          aria-label={t("consoleDashboard.messages.title", { month })}
        >
          <table className="console-table" data-testid="dashboard-messages-table">
            <thead>
              <tr>
                <th scope="col">{t("consoleDashboard.messages.kind")}</th>
                <th scope="col" className="console-table__number">
                  {t("consoleDashboard.messages.sent")}
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.byKind.map((row) => (
                <tr key={row.kind}>
                  <td>{kindLabel(row.kind, t)}</td>
                  <td className="console-table__number">{format.number(row.sent)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("consoleDashboard.messages.total")}</th>
                <td className="console-table__number">{format.number(messages.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

/** The kind's name in the reader's language; a kind this build has no name for shows as recorded. */
function kindLabel(kind: string, t: (key: MessageKey) => string): string {
  const key = `consoleDashboard.messages.kinds.${kind}` as MessageKey;
  const label = t(key);
  return label === key || label === "" ? kind : label;
}
