import type { ReactNode } from "react";
import type { ReorderPreviewResponse } from "../../../shared/api.ts";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";

/**
 * Why the order was not placed, by error code. When the outcome is open (no answer, a 5xx), the
 * way on is confirming the same cart again, which its unchanged idempotency key makes safe.
 */
export function ReorderErrorNotice({
  error,
  preview,
  outcomeOpen,
}: {
  error: unknown;
  preview: ReorderPreviewResponse;
  outcomeOpen: boolean;
}) {
  const { t } = useI18n();
  const code = error instanceof ApiError ? error.code : null;

  const alert = (message: string, extra?: ReactNode) => (
    <div className="notice notice--error" role="alert" data-testid="reorder-error" data-error-code={code}>
      <p>{message}</p>
      {extra}
    </div>
  );

  switch (code) {
    case "items_unavailable": {
      const refused = error instanceof ApiError ? (error.body?.error.unavailableItems ?? []) : [];
      const names = refused.flatMap(({ productId }) => preview.items.find((item) => item.productId === productId)?.name ?? []);
      return alert(
        names.length > 0
          ? t("orders.reorder.errors.itemsUnavailable", { items: names.join("、") })
          : t("orders.reorder.errors.itemsUnavailableNoNames"),
      );
    }
    case "price_changed":
      return alert(t("orders.reorder.errors.priceChanged"));
    case "fulfilment_unavailable":
      return alert(t("orders.reorder.errors.fulfilmentUnavailable"));
    case "request_in_progress":
      return alert(
        t("orders.reorder.errors.inProgress"),
        <p>
          <PhraseText>{t("orders.reorder.retryNote")}</PhraseText>
        </p>,
      );
    case "idempotency_conflict":
      return alert(t("orders.reorder.errors.conflict"));
    case "not_linked":
      return alert(t("orders.reorder.errors.notLinked"), <LinkCallToAction />);
    case "not_found":
      return alert(t("orders.detail.notFoundBody"));
    case "bad_request":
      return alert(t("orders.reorder.errors.badRequest"));
    default:
      return (
        <div className="reorder-error" data-testid="reorder-error" data-error-code={code ?? "network"}>
          <SubmitErrorNotice error={error} />
          {outcomeOpen ? (
            <p className="field__hint">
              <PhraseText>{t("orders.reorder.retryNote")}</PhraseText>
            </p>
          ) : null}
        </div>
      );
  }
}
