import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { OrdersResponse } from "../../../shared/api.ts";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel, SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { ordersMessages } from "../../lib/messages-orders.ts";
import { orderPath } from "./order-paths.ts";
import { ordersQueryOptions } from "./order-queries.ts";
import { OrderStatusBadge } from "./order-status.tsx";
import "./orders.css";

addMessages(ordersMessages);

type OrderSummary = OrdersResponse["orders"][number];

const SKELETON_ROWS = 3;

/** /orders: past orders, newest first, a page at a time as the list scrolls. */
export function OrdersScreen() {
  const { t, plural } = useI18n();
  const orders = useInfiniteQuery(ordersQueryOptions(useApiClient(), useMemberScope()));
  const list = orders.data?.pages.flatMap((page) => page.orders) ?? [];
  const unlinked = orders.error instanceof ApiError && orders.error.code === "not_linked";

  return (
    <section className="screen" aria-labelledby="orders-title" aria-busy={orders.isPending} data-testid="orders-screen">
      <HomeLink />
      <h1 id="orders-title" className="screen__title">
        <PhraseText>{t("orders.list.title")}</PhraseText>
      </h1>
      <p className="visually-hidden" role="status">
        {orders.isPending
          ? t("orders.list.loading")
          : orders.data && orders.data.pages.length > 1
            ? plural("orders.list.shown", list.length)
            : ""}
      </p>
      {orders.isPending ? (
        <ul className="order-list" aria-hidden="true" data-testid="orders-skeleton">
          {Array.from({ length: SKELETON_ROWS }, (_, index) => (
            <li key={index} className="order-row order-row--skeleton skeleton" />
          ))}
        </ul>
      ) : !orders.data ? (
        unlinked ? (
          <div className="panel" data-testid="orders-unlinked">
            <p>
              <PhraseText>{t("orders.unlinked")}</PhraseText>
            </p>
            <LinkCallToAction />
          </div>
        ) : (
          <QueryErrorPanel error={orders.error} onRetry={() => void orders.refetch()} />
        )
      ) : list.length === 0 ? (
        <p className="panel" data-testid="orders-empty">
          <PhraseText>{t("orders.list.empty")}</PhraseText>
        </p>
      ) : (
        <>
          <ul className="order-list" data-testid="order-list">
            {list.map((order) => (
              <OrderRow key={order.orderId} order={order} />
            ))}
          </ul>
          {orders.isFetchNextPageError ? <SubmitErrorNotice error={orders.error} /> : null}
          {orders.hasNextPage ? (
            <LoadMore
              onLoadMore={() => void orders.fetchNextPage()}
              loading={orders.isFetchingNextPage}
              auto={!orders.isFetchNextPageError}
              label={t("orders.list.more")}
              loadingLabel={t("orders.list.loadingMore")}
              testId="orders-more"
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function OrderRow({ order }: { order: OrderSummary }) {
  const { t, format, plural } = useI18n();
  return (
    <li>
      <Link to={orderPath(order.orderId)} className="order-row" data-testid="order-row" data-order-id={order.orderId}>
        <span className="order-row__head">
          <time dateTime={order.orderedAt} className="order-row__date">
            {format.dateTime(order.orderedAt)}
          </time>
          <OrderStatusBadge status={order.status} />
        </span>
        <span className="order-row__item">{order.firstItemName ?? t("orders.list.noItems")}</span>
        {order.sourceOrderNumber ? (
          <span className="order-row__reorder" data-testid="order-row-reorder">
            <span className="order-row__reorder-badge">{t("orders.list.reorderBadge")}</span>
            <span className="order-row__reorder-of">{t("orders.list.reorderOf", { orderNumber: order.sourceOrderNumber })}</span>
          </span>
        ) : null}
        <span className="order-row__meta">
          <span>
            {order.fulfilmentType === "pickup" && order.storeName
              ? t("orders.fulfilment.pickupAt", { store: order.storeName })
              : t(`orders.fulfilment.${order.fulfilmentType}`)}
          </span>
          <span>{plural("orders.list.itemCount", order.itemCount)}</span>
          <span className="order-row__total" data-testid="order-row-total">
            {format.yen(order.payableYen ?? order.totalYen)}
          </span>
        </span>
      </Link>
    </li>
  );
}
