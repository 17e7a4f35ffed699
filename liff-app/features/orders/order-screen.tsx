import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { OrderDetailResponse } from "../../../shared/api.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { ordersMessages } from "../../lib/messages-orders.ts";
import { BackLink } from "../../components/back-link.tsx";
import { OrderFulfilment } from "./order-fulfilment.tsx";
import { OrderItems } from "./order-items.tsx";
import { orderLoadFailure } from "./order-load-error.ts";
import { OrderLoadFailurePanel } from "./order-load-failure-panel.tsx";
import { orderPath, reorderPath } from "./order-paths.ts";
import { orderQueryOptions } from "./order-queries.ts";
import { OrderStatusBadge } from "./order-status.tsx";
import "./orders.css";

addMessages(ordersMessages);

/**
 * /orders/:orderId, also the deep link in the LINE order confirmation: items, prices, status,
 * delivery or pickup, and the way to order the same again.
 */
export function OrderScreen() {
  const { t } = useI18n();
  const { orderId = "" } = useParams();
  const order = useQuery(orderQueryOptions(useApiClient(), useMemberScope(), orderId));
  const failure = order.isError ? orderLoadFailure(order.error) : null;

  return (
    <section className="screen" aria-labelledby="order-title" aria-busy={order.isPending} data-testid="order-screen">
      <BackLink to="/orders" label={t("orders.detail.backToList")} testId="orders-back-link" />
      <h1 id="order-title" className="screen__title">
        {failure === "not_found" ? t("orders.detail.notFoundTitle") : t("orders.detail.title")}
      </h1>
      <p className="visually-hidden" role="status">
        {order.isPending ? t("orders.detail.loading") : ""}
      </p>
      {order.isPending ? (
        <OrderSkeleton />
      ) : order.data ? (
        <OrderDetail order={order.data} />
      ) : (
        <OrderLoadFailurePanel error={order.error} onRetry={() => void order.refetch()} />
      )}
    </section>
  );
}

function OrderDetail({ order }: { order: OrderDetailResponse }) {
  const { t, format } = useI18n();
  return (
    <>
      <div className="panel" data-testid="order-summary">
        <dl className="facts">
          <div className="facts__row">
            <dt>{t("orders.detail.number")}</dt>
            <dd data-testid="order-number">{order.orderNumber}</dd>
          </div>
          <div className="facts__row">
            <dt>{t("orders.detail.orderedAt")}</dt>
            <dd>
              <time dateTime={order.orderedAt} data-testid="order-ordered-at">
                {format.dateTime(order.orderedAt)}
              </time>
            </dd>
          </div>
          <div className="facts__row">
            <dt>{t("orders.detail.status")}</dt>
            <dd className="order-summary__status">
              <OrderStatusBadge status={order.status} />
              <time className="order-summary__changed" dateTime={order.statusChangedAt}>
                {t("orders.detail.statusChangedAt", { date: format.dateTime(order.statusChangedAt) })}
              </time>
            </dd>
          </div>
        </dl>
        {order.sourceOrderId && order.sourceOrderNumber ? (
          <p className="order-summary__source">
            <Link to={orderPath(order.sourceOrderId)} data-testid="order-source-link">
              {t("orders.detail.reorderOf", { orderNumber: order.sourceOrderNumber })}
            </Link>
          </p>
        ) : null}
      </div>
      <OrderItems order={order} />
      <OrderFulfilment fulfilment={order.fulfilment} />
      <Link to={reorderPath(order.orderId)} className="button button--primary button--block" data-testid="reorder-button">
        {t("orders.detail.reorder")}
      </Link>
    </>
  );
}

function OrderSkeleton() {
  return (
    <div className="order-skeleton" aria-hidden="true" data-testid="order-skeleton">
      <div className="panel order-skeleton__summary skeleton" />
      <div className="panel order-skeleton__items skeleton" />
      <div className="panel order-skeleton__fulfilment skeleton" />
      <span className="skeleton skeleton--button" />
    </div>
  );
}
