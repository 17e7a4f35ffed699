import { useId, useMemo, useState, type FormEvent } from "react";
import type { SavedSegment } from "../../../../shared/console-segments.ts";
import { TextField } from "../../../components/text-field.tsx";
import { useI18n } from "../../../lib/i18n.tsx";
import type { MessageKey } from "../../../lib/messages.ts";
import { definitionOf, emptySegmentForm, formOf, invalidFields, type SegmentField, type SegmentForm } from "./segment-form.ts";
import { useLiveSegmentCount, useSaveSegment } from "./segment-queries.ts";

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

const newSegmentId = () => `seg_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;

/**
 * The segment builder: the merchant's conditions and LINE's in two fieldsets, a live count that
 * follows the edits, and save. `segment` is the saved segment being edited, or none for a new one.
 */
export function SegmentBuilder({ segment, onClose }: { segment: SavedSegment | null; onClose: () => void }) {
  const { t, language } = useI18n();
  const titleId = useId();
  const [segmentId] = useState(() => segment?.segmentId ?? newSegmentId());
  const [form, setForm] = useState<SegmentForm>(() => (segment ? formOf(segment.name, segment.definition) : emptySegmentForm()));
  const [nameMissing, setNameMissing] = useState(false);
  const definition = useMemo(() => definitionOf(form), [form]);
  const liveCount = useLiveSegmentCount(definition);
  const save = useSaveSegment();
  const invalid = useMemo(() => {
    const fields = invalidFields(liveCount.error);
    for (const field of invalidFields(save.error)) fields.add(field);
    return fields;
  }, [liveCount.error, save.error]);

  const set = (field: Exclude<SegmentField, "birthMonths">) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const errorOf = (field: SegmentField) => (invalid.has(field) ? t("consoleSegments.builder.fieldInvalid") : null);
  const monthLabel = (month: number) =>
    language === "ja"
      ? t("consoleSegments.builder.month", { month })
      : new Intl.DateTimeFormat("en", { month: "short", timeZone: "UTC" }).format(Date.UTC(2026, month - 1, 15));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = form.name.trim();
    setNameMissing(name === "");
    if (name === "") return;
    save.mutate({ segmentId, request: { name, definition } });
  };

  const list = (field: SegmentField, label: MessageKey, hint: MessageKey) => (
    <TextField
      label={t(label)}
      hint={t(hint)}
      optional
      value={String(form[field])}
      onChange={set(field as Exclude<SegmentField, "birthMonths">)}
      error={errorOf(field)}
      testId={`segment-${field}`}
    />
  );
  const date = (field: SegmentField, label: MessageKey) => (
    <TextField
      label={t(label)}
      type="date"
      optional
      value={String(form[field])}
      onChange={set(field as Exclude<SegmentField, "birthMonths">)}
      error={errorOf(field)}
      testId={`segment-${field}`}
    />
  );
  const points = (field: "pointsMin" | "pointsMax", label: MessageKey) => (
    <TextField
      label={t(label)}
      type="number"
      inputMode="numeric"
      min={0}
      step={1}
      unit={t("consoleSegments.builder.points")}
      optional
      value={form[field]}
      onChange={set(field)}
      error={errorOf(field)}
      testId={`segment-${field}`}
    />
  );

  return (
    <form
      className="console-panel segment-builder"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
      data-testid="segment-builder"
    >
      <h3 id={titleId} className="console-panel__title">
        {segment ? t("consoleSegments.builder.editTitle", { name: segment.name }) : t("consoleSegments.builder.newTitle")}
      </h3>
      <TextField
        label={t("consoleSegments.builder.name")}
        hint={t("consoleSegments.builder.nameHint")}
        value={form.name}
        maxLength={80}
        onChange={set("name")}
        error={nameMissing ? t("consoleSegments.builder.nameRequired") : errorOf("name")}
        testId="segment-name"
      />

      <fieldset className="segment-builder__group">
        <legend className="segment-builder__legend">{t("consoleSegments.builder.merchantLegend")}</legend>
        <p className="console-panel__description">{t("consoleSegments.builder.merchantHint")}</p>
        {list("rankCodes", "consoleSegments.builder.ranks", "consoleSegments.builder.ranksHint")}
        <fieldset
          className="segment-builder__months"
          aria-describedby={invalid.has("birthMonths") ? `${titleId}-months-error` : undefined}
        >
          <legend className="field__label">{t("consoleSegments.builder.birthMonths")}</legend>
          <div className="segment-builder__month-grid">
            {MONTHS.map((month) => (
              <label key={month} className="segment-builder__month">
                <input
                  type="checkbox"
                  checked={form.birthMonths.includes(month)}
                  onChange={(event) => {
                    const { checked } = event.target;
                    setForm((current) => ({
                      ...current,
                      birthMonths: checked ? [...current.birthMonths, month] : current.birthMonths.filter((m) => m !== month),
                    }));
                  }}
                />
                {monthLabel(month)}
              </label>
            ))}
          </div>
          {invalid.has("birthMonths") ? (
            <p id={`${titleId}-months-error`} className="field__error">
              {t("consoleSegments.builder.fieldInvalid")}
            </p>
          ) : null}
        </fieldset>
        <div className="segment-builder__pair">
          {date("lastPurchaseAfter", "consoleSegments.builder.lastPurchaseAfter")}
          {date("lastPurchaseBefore", "consoleSegments.builder.lastPurchaseBefore")}
        </div>
        <p className="field__hint">{t("consoleSegments.builder.lastPurchaseHint")}</p>
        {list("purchasedProductIds", "consoleSegments.builder.products", "consoleSegments.builder.productsHint")}
        {list("purchasedCategories", "consoleSegments.builder.categories", "consoleSegments.builder.categoriesHint")}
        {list("favouriteStoreIds", "consoleSegments.builder.stores", "consoleSegments.builder.storesHint")}
        <div className="segment-builder__pair">
          {points("pointsMin", "consoleSegments.builder.pointsMin")}
          {points("pointsMax", "consoleSegments.builder.pointsMax")}
        </div>
      </fieldset>

      <fieldset className="segment-builder__group">
        <legend className="segment-builder__legend">{t("consoleSegments.builder.lineLegend")}</legend>
        <p className="console-panel__description">{t("consoleSegments.builder.lineHint")}</p>
        <div className="segment-builder__pair">
          {date("linkedSince", "consoleSegments.builder.linkedSince")}
          {date("linkedBefore", "consoleSegments.builder.linkedBefore")}
        </div>
        {date("followedSince", "consoleSegments.builder.followedSince")}
        {list("clickedCampaignIds", "consoleSegments.builder.campaigns", "consoleSegments.builder.campaignsHint")}
        {list("tappedRichMenuAreas", "consoleSegments.builder.richMenuAreas", "consoleSegments.builder.richMenuAreasHint")}
        {list("tags", "consoleSegments.builder.tags", "consoleSegments.builder.tagsHint")}
        {list("notTags", "consoleSegments.builder.notTags", "consoleSegments.builder.tagsHint")}
      </fieldset>

      <LiveCount query={liveCount} />

      {save.isError && invalid.size === 0 ? (
        <p role="alert" className="field__error">
          {t("consoleSegments.builder.saveFailed")}
        </p>
      ) : null}
      <p role="status" className="console-panel__status" data-testid="segment-saved">
        {save.isSuccess ? t("consoleSegments.builder.saved", { name: save.data.name }) : ""}
      </p>
      <div className="segment-builder__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t("consoleSegments.builder.saving") : t("consoleSegments.builder.save")}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t("consoleSegments.builder.cancel")}
        </button>
      </div>
    </form>
  );
}

function LiveCount({ query }: { query: ReturnType<typeof useLiveSegmentCount> }) {
  const { t, format } = useI18n();
  const invalid = invalidFields(query.error).size > 0;
  let text: string;
  if (query.isError) text = invalid ? t("consoleSegments.count.invalid") : t("consoleSegments.count.failed");
  else if (query.data === undefined) text = t("consoleSegments.count.counting");
  else if (query.data.exact) text = t("consoleSegments.count.exact", { count: format.number(query.data.count) });
  else text = t("consoleSegments.count.estimate", { count: format.number(query.data.count) });
  return (
    <div className="segment-builder__count" data-testid="segment-live-count">
      <p className="segment-builder__count-label">{t("consoleSegments.builder.liveCount")}</p>
      <p className="segment-builder__count-value" role="status" aria-live="polite" aria-busy={query.isFetching || undefined}>
        {text}
      </p>
      {query.data && !query.data.exact && !query.isError ? (
        <p className="field__hint">{t("consoleSegments.count.estimateNote")}</p>
      ) : null}
      {query.isError && !invalid ? (
        <button type="button" className="button button--secondary" onClick={() => void query.refetch()}>
          {t("consoleSegments.count.retry")}
        </button>
      ) : null}
    </div>
  );
}
