import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import type { OrderDetailResponse, ReorderPreviewResponse } from "../../../shared/api.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { ordersMessages } from "../../lib/messages-orders.ts";
import { BackLink } from "../../components/back-link.tsx";
import { orderLoadFailure } from "./order-load-error.ts";
import { OrderLoadFailurePanel } from "./order-load-failure-panel.tsx";
import { orderPath } from "./order-paths.ts";
import { orderQueryOptions, reorderPreviewQueryOptions } from "./order-queries.ts";
import "./orders.css";
import { ReorderSheet } from "./reorder-sheet.tsx";

addMessages(ordersMessages);

/**
 * /orders/:orderId/reorder: the confirmation sheet for ordering the same again. It shows the
 * items as they would be ordered now (today's prices; what is out of stock or no longer sold
 * marked and left out), lets the customer change quantities or remove items (and put them
 * back), shows the merchant's charges, payment and fulfilment for that cart, and places the
 * order once. With nothing left to order it says where to go instead of showing ¥0.
 */
export function ReorderScreen() {
  const { t } = useI18n();
  const { orderId = "" } = useParams();
  const api = useApiClient();
  const scope = useMemberScope();
  const preview = useQuery(reorderPreviewQueryOptions(api, scope, orderId));
  // The preview names a pickup store by id; the order (cached when coming from its screen) has its name.
  const order = useQuery(orderQueryOptions(api, scope, orderId));
  const failure = preview.data ? null : preview.isError ? orderLoadFailure(preview.error) : null;

  return (
    <section className="screen" aria-labelledby="reorder-title" aria-busy={preview.isPending} data-testid="reorder-screen">
      <BackLink to={orderPath(orderId)} label={t("orders.reorder.back")} testId="reorder-back-link" />
      <h1 id="reorder-title" className="screen__title">
        {failure === "not_found" ? t("orders.detail.notFoundTitle") : t("orders.reorder.title")}
      </h1>
      <p className="visually-hidden" role="status">
        {preview.isPending ? t("orders.reorder.loading") : ""}
      </p>
      {preview.isPending ? (
        <ReorderSkeleton />
      ) : preview.data ? (
        <ReorderSheet
          preview={preview.data}
          refreshing={preview.isFetching}
          pickupStoreName={pickupStoreName(order.data, preview.data)}
        />
      ) : (
        <OrderLoadFailurePanel error={preview.error} onRetry={() => void preview.refetch()} />
      )}
    </section>
  );
}

function pickupStoreName(order: OrderDetailResponse | undefined, preview: ReorderPreviewResponse): string | null {
  if (preview.fulfilment.type !== "pickup" || order?.fulfilment.type !== "pickup") return null;
  return order.fulfilment.storeId === preview.fulfilment.storeId ? order.fulfilment.storeName : null;
}

function ReorderSkeleton() {
  return (
    <div className="order-skeleton" aria-hidden="true" data-testid="reorder-skeleton">
      <span className="skeleton skeleton--text reorder-skeleton__intro" />
      <div className="panel order-skeleton__items skeleton" />
      <div className="panel order-skeleton__fulfilment skeleton" />
      <span className="skeleton skeleton--button" />
    </div>
  );
}
