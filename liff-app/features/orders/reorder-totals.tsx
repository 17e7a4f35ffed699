import { useQuery } from "@tanstack/react-query";
import type { PlaceOrderRequest, ReorderPreviewResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { OrderCharges } from "./order-charges.tsx";
import { reorderQuoteQueryOptions } from "./order-queries.ts";
import { cartKey, previewedItems, type ReorderCart } from "./reorder-cart.ts";
import { useSettledValue } from "./use-settled-value.ts";

/** Waits this long after the last change to the cart before asking the merchant for its charges again. */
const QUOTE_SETTLE_MS = 400;

export interface CartQuote {
  /** ready: the charges below are for the cart as shown; calculating: asked or about to be; failed: could not ask. */
  state: "ready" | "calculating" | "failed";
  charges: ReorderPreviewResponse["charges"];
  payableYen: number | undefined;
  retry: () => void;
}

/**
 * The merchant's charges and amount to pay for the cart as it is now. The preview carries them
 * for the order as it was; a changed cart is quoted again once the taps settle. A merchant that
 * quotes no charges is not asked again: the items' total is then all the sheet can show.
 */
export function useCartQuote(preview: ReorderPreviewResponse, items: PlaceOrderRequest["items"]): CartQuote {
  const api = useApiClient();
  const scope = useMemberScope();
  const key = cartKey(items);
  const settledKey = useSettledValue(key, QUOTE_SETTLE_MS);
  const merchantQuotes = preview.payableYen !== undefined;
  const asPreviewed = key === cartKey(previewedItems(preview));
  const quote = useQuery({
    ...reorderQuoteQueryOptions(api, scope, preview.sourceOrderId, items),
    enabled: merchantQuotes && !asPreviewed && items.length > 0 && settledKey === key,
  });
  const retry = () => void quote.refetch();
  if (!merchantQuotes || items.length === 0) return { state: "ready", charges: undefined, payableYen: undefined, retry };
  if (asPreviewed) return { state: "ready", charges: preview.charges, payableYen: preview.payableYen, retry };
  if (quote.data && !quote.isFetching) {
    return { state: "ready", charges: quote.data.charges, payableYen: quote.data.payableYen, retry };
  }
  return {
    state: quote.isError && !quote.isFetching ? "failed" : "calculating",
    charges: undefined,
    payableYen: undefined,
    retry,
  };
}

/** The totals under the items: the merchant's charges and the amount to pay, or why they are not there yet. */
export function ReorderTotals({ cart, quote, count }: { cart: ReorderCart; quote: CartQuote; count: string }) {
  const { t, format } = useI18n();
  if (quote.state === "ready") {
    return (
      <OrderCharges
        totalYen={cart.totalYen}
        charges={quote.charges}
        payableYen={quote.payableYen}
        totalLabel={t("orders.reorder.total")}
        count={count}
        testId="reorder-total"
      />
    );
  }
  return (
    <div className="reorder-quote" data-testid="reorder-quote" data-state={quote.state}>
      <p className="order-total">
        <span>
          {t("orders.charges.subtotal")}{" "}
          <span className="order-total__count" data-testid="reorder-total-count">
            {count}
          </span>
        </span>
        <span className="order-total__amount" data-testid="reorder-subtotal">
          {format.yen(cart.totalYen)}
        </span>
      </p>
      {quote.state === "calculating" ? (
        <p className="reorder-quote__note" role="status">
          <PhraseText>{t("orders.charges.calculating")}</PhraseText>
        </p>
      ) : (
        <div className="reorder-quote__note" role="alert">
          <p>
            <PhraseText>{t("orders.charges.failed")}</PhraseText>
          </p>
          <button type="button" className="button button--secondary" onClick={quote.retry} data-testid="reorder-quote-retry">
            {t("orders.charges.retry")}
          </button>
        </div>
      )}
    </div>
  );
}
