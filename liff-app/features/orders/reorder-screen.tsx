import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { OrderDetailResponse, ReorderPreviewResponse } from "../../../shared/api.ts";
import { lineNoticeState } from "../../lib/line-notice.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { ordersMessages } from "../../lib/messages-orders.ts";
import { BackLink } from "../../components/back-link.tsx";
import { orderLoadFailure } from "./order-load-error.ts";
import { OrderLoadFailurePanel } from "./order-load-failure-panel.tsx";
import { orderPath, orderPlacedPath } from "./order-paths.ts";
import { orderQueryOptions, reorderPreviewQueryOptions } from "./order-queries.ts";
import "./orders.css";
import { usePlaceOrder } from "./place-order.ts";
import { QuantityStepper } from "./quantity-stepper.tsx";
import { reorderCart, type ReorderLine } from "./reorder-cart.ts";
import { ReorderErrorNotice } from "./reorder-error-notice.tsx";

addMessages(ordersMessages);

/**
 * /orders/:orderId/reorder: the confirmation sheet for ordering the same again. It shows the
 * items as they would be ordered now (today's prices; what is out of stock or no longer sold
 * marked and left out), lets the customer change quantities, and places the order once.
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

function ReorderSheet({
  preview,
  refreshing,
  pickupStoreName,
}: {
  preview: ReorderPreviewResponse;
  /** Today's items and prices are being fetched again: confirming waits for them. */
  refreshing: boolean;
  pickupStoreName: string | null;
}) {
  const { t, format, plural } = useI18n();
  const navigate = useNavigate();
  const placing = usePlaceOrder();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const errorArea = useRef<HTMLDivElement>(null);
  const cart = reorderCart(preview, quantities);
  // Placed: the next screen may still be loading while this one shows; it orders nothing more.
  const busy = placing.isPending || placing.placed || refreshing;

  useEffect(() => {
    if (placing.error) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [placing.error]);

  const confirm = () => {
    if (busy || cart.items.length === 0) return;
    placing.place(
      {
        items: cart.items,
        fulfilment: preview.fulfilment,
        sourceOrderId: preview.sourceOrderId,
        // The total the customer saw: a price that changed meanwhile is refused, not charged.
        expectedTotalYen: cart.totalYen,
      },
      // Replaces the sheet in the history: "back" from the confirmation must not offer it again.
      // The confirmation says a LINE message is on its way only when the BFF queued one.
      (placed) => void navigate(orderPlacedPath(placed.orderId), { replace: true, state: lineNoticeState(placed.lineNotice) }),
    );
  };

  return (
    <>
      <p className="reorder-intro">{t("orders.reorder.intro")}</p>
      <section className="panel" aria-labelledby="reorder-items-title" data-testid="reorder-items">
        <h2 id="reorder-items-title" className="panel__title">
          {t("orders.reorder.items")}
        </h2>
        <ul className="order-lines">
          {cart.lines.map((line) => (
            <ReorderLineRow
              key={line.item.productId}
              line={line}
              onQuantity={(quantity) => setQuantities((previous) => ({ ...previous, [line.item.productId]: quantity }))}
            />
          ))}
        </ul>
        <p className="order-total">
          <span>
            {t("orders.reorder.total")}{" "}
            <span className="order-total__count" data-testid="reorder-item-count">
              {plural("orders.reorder.itemCount", cart.itemCount)}
            </span>
          </span>
          <span className="order-total__amount" data-testid="reorder-total">
            {format.yen(cart.totalYen)}
          </span>
        </p>
      </section>
      <section className="panel" aria-labelledby="reorder-fulfilment-title">
        <h2 id="reorder-fulfilment-title" className="panel__title">
          {t("orders.detail.fulfilmentTitle")}
        </h2>
        <p data-testid="reorder-fulfilment" data-fulfilment={preview.fulfilment.type}>
          {preview.fulfilment.type === "delivery"
            ? t("orders.reorder.deliveryTo")
            : pickupStoreName
              ? t("orders.reorder.pickupAt", { store: pickupStoreName })
              : t("orders.reorder.pickupStore")}
        </p>
      </section>
      <div ref={errorArea} className="form__errors">
        {placing.error ? <ReorderErrorNotice error={placing.error} preview={preview} outcomeOpen={placing.outcomeOpen} /> : null}
      </div>
      {cart.items.length === 0 ? (
        <div className="notice" role="status" data-testid="reorder-nothing-available">
          <p>{t("orders.reorder.nothingAvailable")}</p>
        </div>
      ) : (
        // aria-disabled rather than disabled: the button keeps the focus; confirm() ignores taps.
        <button
          type="button"
          className="button button--primary button--block reorder-submit"
          aria-disabled={busy || undefined}
          data-testid="reorder-submit"
          onClick={confirm}
        >
          {placing.isPending
            ? t("orders.reorder.submitting")
            : placing.placed
              ? t("orders.reorder.placed")
              : t("orders.reorder.submit")}
        </button>
      )}
    </>
  );
}

function ReorderLineRow({ line, onQuantity }: { line: ReorderLine; onQuantity: (quantity: number) => void }) {
  const { t, format } = useI18n();
  const { item, included } = line;
  const priceChanged = item.previousUnitPriceYen !== item.unitPriceYen;
  return (
    <li
      className={included ? "reorder-line" : "reorder-line reorder-line--excluded"}
      data-testid="reorder-item"
      data-product-id={item.productId}
      data-availability={item.availability}
    >
      <span className="reorder-line__name">{included ? item.name : <s>{item.name}</s>}</span>
      {included ? (
        <>
          <span className="reorder-line__price">
            {format.yen(item.unitPriceYen)}
            {priceChanged ? (
              <span className="reorder-line__previous" data-testid="reorder-item-previous-price">
                {t("orders.reorder.previousPrice", { price: format.yen(item.previousUnitPriceYen) })}
              </span>
            ) : null}
          </span>
          <span className="reorder-line__controls">
            <QuantityStepper name={item.name} value={line.quantity} onChange={onQuantity} testId="reorder-quantity" />
            <span className="reorder-line__total" data-testid="reorder-item-total">
              {format.yen(line.lineTotalYen)}
            </span>
          </span>
        </>
      ) : (
        <span className="reorder-line__reason" data-testid="reorder-item-reason">
          <span className="reorder-line__badge">
            {t(`orders.reorder.unavailable.${item.availability === "out_of_stock" ? "out_of_stock" : "discontinued"}`)}
          </span>
          {t("orders.reorder.excluded")}
        </span>
      )}
    </li>
  );
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
