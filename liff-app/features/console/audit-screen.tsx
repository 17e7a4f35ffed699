import { LoadMore } from "../../components/load-more.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import { useConsoleAudit } from "./console-queries.ts";

/** /console/audit: who did what in the console, newest first. */
export function AuditScreen() {
  const { t, format } = useI18n();
  const audit = useConsoleAudit();
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section className="console-panel" aria-labelledby="console-audit-title" data-testid="console-audit">
      <h2 id="console-audit-title" className="console-panel__title">
        {t("console.audit.title")}
      </h2>
      <p className="console-panel__description">{t("console.audit.description")}</p>
      {audit.isPending ? (
        <p role="status" className="console-panel__status">
          {t("console.audit.loading")}
        </p>
      ) : audit.isError && entries.length === 0 ? (
        <QueryErrorPanel error={audit.error} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <p className="console-panel__status">{t("console.audit.empty")}</p>
      ) : (
        <div className="console-table__scroll">
          <table className="console-table">
            <thead>
              <tr>
                <th scope="col">{t("console.audit.when")}</th>
                <th scope="col">{t("console.audit.who")}</th>
                <th scope="col">{t("console.audit.what")}</th>
                <th scope="col">{t("console.audit.target")}</th>
                <th scope="col">{t("console.audit.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.auditId}>
                  <td className="console-table__nowrap">{format.dateTime(entry.occurredAt)}</td>
                  <td>{entry.staffName}</td>
                  <td>{actionLabel(entry.action, t)}</td>
                  <td>{entry.target ?? "—"}</td>
                  <td>{entry.detail ? describeDetail(entry.detail) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage ? (
        <LoadMore
          onLoadMore={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
          auto={!audit.isFetchNextPageError}
          label={t("console.audit.more")}
          loadingLabel={t("console.audit.loadingMore")}
          testId="console-audit-more"
        />
      ) : null}
    </section>
  );
}

/** The action's name in the reader's language; an action this build has no name for shows as recorded. */
function actionLabel(action: string, t: (key: MessageKey) => string): string {
  // Message keys are dot paths, so `campaign.send` is named `campaign_send` there.
  const key = `console.audit.actions.${action.replaceAll(".", "_")}` as MessageKey;
  const label = t(key);
  return label === key || label === "" ? action : label;
}

function describeDetail(detail: Record<string, string | number | boolean | null>): string {
  return Object.entries(detail)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join(", ");
}
