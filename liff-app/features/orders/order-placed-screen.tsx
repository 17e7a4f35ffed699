import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useLocation, useParams } from "react-router";
import type { LineNotice, OrderDetailResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { readLineNotice } from "../../lib/line-notice.ts";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { ordersMessages } from "../../lib/messages-orders.ts";
import { OrderItems } from "./order-items.tsx";
import { orderLoadFailure } from "./order-load-error.ts";
import { orderPath } from "./order-paths.ts";
import { orderQueryOptions } from "./order-queries.ts";
import "./orders.css";

addMessages(ordersMessages);

/**
 * /orders/:orderId/placed: the confirmation after ordering. The order placed is already in the
 * cache, so it shows at once; a reload asks the BFF for it. A LINE message the BFF queued is
 * "on its way": the answer comes before anything has reached LINE.
 */
export function OrderPlacedScreen() {
  const { t } = useI18n();
  const { orderId = "" } = useParams();
  // Only the placing's answer knows whether a LINE message was queued; a reload says nothing of it.
  const lineNotice = readLineNotice(useLocation().state);
  const order = useQuery(orderQueryOptions(useApiClient(), useMemberScope(), orderId));
  const heading = useRef<HTMLHeadingElement>(null);
  const failure = order.isError && !order.data ? orderLoadFailure(order.error) : null;

  // The button that led here is gone: the outcome is where a screen reader continues.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <section
      className="screen"
      aria-labelledby="order-placed-title"
      aria-busy={order.isPending}
      data-testid="order-placed-screen"
    >
      <h1 id="order-placed-title" ref={heading} tabIndex={-1} className="screen__title">
        {failure === "not_found" ? t("orders.detail.notFoundTitle") : t("orders.placed.title")}
      </h1>
      <p className="visually-hidden" role="status">
        {order.isPending ? t("orders.placed.loading") : ""}
      </p>
      {order.isPending ? (
        <div className="order-skeleton" aria-hidden="true" data-testid="order-placed-skeleton">
          <div className="panel order-skeleton__placed skeleton" />
          <div className="panel order-skeleton__items skeleton" />
        </div>
      ) : order.data ? (
        <PlacedOrder order={order.data} lineNotice={lineNotice} />
      ) : failure === "not_found" ? (
        <div className="panel" data-testid="order-not-found">
          <p>
            <PhraseText>{t("orders.detail.notFoundBody")}</PhraseText>
          </p>
        </div>
      ) : (
        <QueryErrorPanel error={order.error} onRetry={() => void order.refetch()} />
      )}
      <div className="action-stack">
        {order.data ? (
          <Link
            to={orderPath(order.data.orderId)}
            className="button button--primary button--block"
            data-testid="order-placed-view"
          >
            {t("orders.placed.viewOrder")}
          </Link>
        ) : null}
        <Link to="/" className="button button--secondary button--block" data-testid="order-placed-home">
          {t("orders.placed.home")}
        </Link>
      </div>
    </section>
  );
}

function PlacedOrder({ order, lineNotice }: { order: OrderDetailResponse; lineNotice: LineNotice }) {
  const { t } = useI18n();
  return (
    <>
      <div className="notice notice--success order-placed" data-testid="order-placed">
        <p className="order-placed__accepted">
          <PhraseText>{t("orders.placed.accepted")}</PhraseText>
        </p>
        <p className="order-placed__number">
          {t("orders.placed.number")} <strong data-testid="order-placed-number">{order.orderNumber}</strong>
        </p>
        {lineNotice === "queued" ? (
          <p data-testid="order-placed-line-message">
            <PhraseText>{t("orders.placed.lineMessage")}</PhraseText>
          </p>
        ) : null}
      </div>
      <OrderItems order={order} />
    </>
  );
}
