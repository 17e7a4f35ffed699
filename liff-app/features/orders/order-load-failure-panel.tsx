import { Link } from "react-router";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { orderLoadFailure } from "./order-load-error.ts";

/** What an order screen shows when its order could not be read: not found, not linked, or a retry. */
export function OrderLoadFailurePanel({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  switch (orderLoadFailure(error)) {
    case "not_found":
      return (
        <div className="panel" data-testid="order-not-found">
          <p>
            <PhraseText>{t("orders.detail.notFoundBody")}</PhraseText>
          </p>
          <Link to="/orders" className="button button--secondary button--block">
            {t("orders.detail.backToList")}
          </Link>
        </div>
      );
    case "not_linked":
      return (
        <div className="panel" data-testid="orders-unlinked">
          <p>
            <PhraseText>{t("orders.unlinked")}</PhraseText>
          </p>
          <LinkCallToAction />
        </div>
      );
    case "other":
      return <QueryErrorPanel error={error} onRetry={onRetry} />;
  }
}
