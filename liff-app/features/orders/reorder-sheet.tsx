import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { ReorderPreviewResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { lineNoticeState } from "../../lib/line-notice.ts";
import { orderPlacedPath } from "./order-paths.ts";
import { usePlaceOrder } from "./place-order.ts";
import { reorderCart, type ReorderLine } from "./reorder-cart.ts";
import { ReorderDetails } from "./reorder-details.tsx";
import { ReorderErrorNotice } from "./reorder-error-notice.tsx";
import { ReorderLineRow } from "./reorder-line-row.tsx";
import { ReorderTotals, useCartQuote } from "./reorder-totals.tsx";
import { ShopContactLinks } from "./shop-contact-links.tsx";

/** The sheet once the preview is in: the items, what they cost with the merchant's charges, how it comes, and confirming. */
export function ReorderSheet({
  preview,
  refreshing,
  pickupStoreName,
}: {
  preview: ReorderPreviewResponse;
  /** Today's items and prices are being fetched again: confirming waits for them. */
  refreshing: boolean;
  pickupStoreName: string | null;
}) {
  const { t, plural } = useI18n();
  const navigate = useNavigate();
  const placing = usePlaceOrder();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const { removed, announcement, remove, restore, restoreAll } = useRemovals();
  const errorArea = useRef<HTMLDivElement>(null);
  const cart = reorderCart(preview, quantities, removed);
  const quote = useCartQuote(preview, cart.items);
  // Placed: the next screen may still be loading while this one shows; it orders nothing more.
  // Charges being worked out: the customer confirms only an amount they have seen.
  const busy = placing.isPending || placing.placed || refreshing || quote.state !== "ready";

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
        // What the customer saw: a price or charge that changed meanwhile is refused, not charged.
        expectedTotalYen: cart.totalYen,
        ...(quote.payableYen === undefined ? {} : { expectedPayableYen: quote.payableYen }),
      },
      // Replaces the sheet in the history: "back" from the confirmation must not offer it again.
      // The confirmation says a LINE message is on its way only when the BFF queued one.
      (placed) => void navigate(orderPlacedPath(placed.orderId), { replace: true, state: lineNoticeState(placed.lineNotice) }),
    );
  };

  const nothingAvailable = cart.availableCount === 0;
  const allRemoved = !nothingAvailable && cart.items.length === 0;

  return (
    <>
      {/* Nothing can be ordered: the way on comes first, where it shows without scrolling. */}
      {nothingAvailable ? (
        <NothingToReorder />
      ) : (
        <p className="reorder-intro">
          <PhraseText>{t("orders.reorder.intro")}</PhraseText>
        </p>
      )}
      <p className="visually-hidden" role="status" data-testid="reorder-announcement">
        {announcement}
      </p>
      <section className="panel" aria-labelledby="reorder-items-title" data-testid="reorder-items">
        <h2 id="reorder-items-title" className="panel__title">
          <PhraseText>{t("orders.reorder.items")}</PhraseText>
        </h2>
        <ul className="order-lines">
          {cart.lines.map((line) => (
            <ReorderLineRow
              key={line.item.productId}
              line={line}
              onQuantity={(quantity) => setQuantities((previous) => ({ ...previous, [line.item.productId]: quantity }))}
              onRemove={() => remove(line)}
              onRestore={() => restore(line)}
            />
          ))}
        </ul>
        {cart.items.length > 0 ? (
          <ReorderTotals cart={cart} quote={quote} count={plural("orders.reorder.itemCount", cart.itemCount)} />
        ) : null}
      </section>
      {nothingAvailable ? null : allRemoved ? (
        <div className="notice" data-testid="reorder-all-removed">
          <p>
            <PhraseText>{t("orders.reorder.allRemoved")}</PhraseText>
          </p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => restoreAll(cart.lines)}
            data-testid="reorder-restore-all"
          >
            {t("orders.reorder.restoreAll")}
          </button>
        </div>
      ) : (
        <>
          <ReorderDetails preview={preview} pickupStoreName={pickupStoreName} />
          <div ref={errorArea} className="form__errors">
            {placing.error ? (
              <ReorderErrorNotice error={placing.error} preview={preview} outcomeOpen={placing.outcomeOpen} />
            ) : null}
          </div>
          {/* aria-disabled rather than disabled: the button keeps the focus; confirm() ignores taps. */}
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
        </>
      )}
    </>
  );
}

/**
 * The products taken out of the order, each with its way back. The focus follows: to the undo
 * button after a removal, back to the remove button after an undo, and a status line says what happened.
 */
function useRemovals() {
  const { t } = useI18n();
  const [removed, setRemoved] = useState<ReadonlySet<string>>(() => new Set());
  const [announcement, setAnnouncement] = useState("");
  // The element to focus once the change it follows has rendered.
  const focusTarget = useRef<string | null>(null);
  useEffect(() => {
    if (focusTarget.current === null) return;
    document.getElementById(focusTarget.current)?.focus();
    focusTarget.current = null;
  });
  const setFocusTarget = (id: string) => {
    focusTarget.current = id;
  };

  const change = (productId: string, remove: boolean) =>
    setRemoved((previous) => {
      const next = new Set(previous);
      if (remove) next.add(productId);
      else next.delete(productId);
      return next;
    });
  return {
    removed,
    announcement,
    remove: (line: ReorderLine) => {
      change(line.item.productId, true);
      setAnnouncement(t("orders.reorder.removedStatus", { name: line.item.name }));
      setFocusTarget(`reorder-undo-${line.item.productId}`);
    },
    restore: (line: ReorderLine) => {
      change(line.item.productId, false);
      setAnnouncement(t("orders.reorder.restoredStatus", { name: line.item.name }));
      setFocusTarget(`reorder-remove-${line.item.productId}`);
    },
    restoreAll: (lines: readonly ReorderLine[]) => {
      const first = lines.find((line) => line.removed);
      setRemoved(new Set());
      setAnnouncement("");
      if (first) setFocusTarget(`reorder-remove-${first.item.productId}`);
    },
  };
}

/** Every item is sold out or no longer sold: where to go instead of a ¥0 sheet. */
function NothingToReorder() {
  const { t } = useI18n();
  return (
    <section className="panel reorder-nothing" aria-labelledby="reorder-nothing-title" data-testid="reorder-nothing-available">
      <h2 id="reorder-nothing-title" className="panel__title">
        <PhraseText>{t("orders.reorder.nothingAvailableTitle")}</PhraseText>
      </h2>
      <p>
        <PhraseText>{t("orders.reorder.nothingAvailable")}</PhraseText>
      </p>
      <p>
        <PhraseText>{t("orders.reorder.nextSteps")}</PhraseText>
      </p>
      <Link to="/orders" className="button button--primary button--block" data-testid="reorder-to-orders">
        {t("orders.reorder.toOrders")}
      </Link>
      <ShopContactLinks />
    </section>
  );
}
