import { useI18n } from "../../lib/i18n.tsx";
import { QuantityStepper } from "./quantity-stepper.tsx";
import type { ReorderLine } from "./reorder-cart.ts";

/**
 * One product of the sheet: today's price, its quantity and a way to take it out; once taken
 * out, a way to put it back; when it cannot be ordered, why.
 */
export function ReorderLineRow({
  line,
  onQuantity,
  onRemove,
  onRestore,
}: {
  line: ReorderLine;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
  onRestore: () => void;
}) {
  const { t, format } = useI18n();
  const { item, included, removed } = line;
  const priceChanged = item.previousUnitPriceYen !== item.unitPriceYen;
  return (
    <li
      className={included ? "reorder-line" : "reorder-line reorder-line--excluded"}
      data-testid="reorder-item"
      data-product-id={item.productId}
      data-availability={item.availability}
      data-removed={removed || undefined}
    >
      <span className="reorder-line__name">{included ? item.name : <s>{item.name}</s>}</span>
      {included ? (
        <button
          type="button"
          id={`reorder-remove-${item.productId}`}
          className="reorder-line__action"
          aria-label={t("orders.reorder.removeLabel", { name: item.name })}
          onClick={onRemove}
          data-testid="reorder-remove"
        >
          {t("orders.reorder.remove")}
        </button>
      ) : removed ? (
        <button
          type="button"
          id={`reorder-undo-${item.productId}`}
          className="reorder-line__action"
          aria-label={t("orders.reorder.undoLabel", { name: item.name })}
          onClick={onRestore}
          data-testid="reorder-undo"
        >
          {t("orders.reorder.undo")}
        </button>
      ) : null}
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
      ) : removed ? (
        <span className="reorder-line__reason" data-testid="reorder-item-removed">
          {t("orders.reorder.removed")}
        </span>
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
