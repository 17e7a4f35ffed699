import { forwardRef } from "react";
import { PhraseText } from "../../components/phrase-text.tsx";
import { storeName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { StaffStore } from "./store-choice.ts";

/**
 * Which store the actions are recorded for: a radio group when the staff member serves
 * several, a plain line when there is only one.
 */
export const StorePicker = forwardRef<
  HTMLFieldSetElement,
  { stores: readonly StaffStore[]; store: StaffStore | null; onChoose: (storeId: string) => void }
>(function StorePicker({ stores, store, onChoose }, ref) {
  const { t, language } = useI18n();
  if (stores.length === 0) return null;
  if (stores.length === 1) {
    return (
      <p className="staff-store" data-testid="staff-store">
        <span className="staff-store__label">{t("staff.store.single")}</span>
        <span className="staff-store__name">{storeName(stores[0].storeId, stores[0].name, language)}</span>
      </p>
    );
  }
  return (
    <fieldset ref={ref} className="panel radio-group staff-store-picker" data-testid="store-picker">
      <legend className="panel__title radio-group__legend">
        <PhraseText>{t("staff.store.legend")}</PhraseText>
      </legend>
      <p className="field__hint">
        <PhraseText>{t("staff.store.hint")}</PhraseText>
      </p>
      {stores.map((option) => (
        <label key={option.storeId} className="radio-option">
          <input
            type="radio"
            name="staff-store"
            value={option.storeId}
            checked={store?.storeId === option.storeId}
            data-testid={`store-option-${option.storeId}`}
            onChange={() => onChoose(option.storeId)}
          />
          <span>{storeName(option.storeId, option.name, language)}</span>
        </label>
      ))}
    </fieldset>
  );
});
