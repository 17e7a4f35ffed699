import { useId, type ReactNode } from "react";
import { ConsoleAppScreen } from "../../../../shared/console-message.ts";
import { TextField } from "../../../components/text-field.tsx";
import { useI18n } from "../../../lib/i18n.tsx";
import type { StepDraft } from "./scenario-draft.ts";

export interface StepFieldsProps {
  step: StepDraft;
  /** 1-based, as the merchant counts: 「1通目」. */
  position: number;
  count: number;
  /** The failing fields of this step, as paths under it ("message.ja.title"). */
  invalid: ReadonlySet<string>;
  onChange: (step: StepDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One step of the editor: when it goes, and its message in Japanese (and optionally English). */
export function StepFields({ step, position, count, invalid, onChange, onMove, onRemove }: StepFieldsProps) {
  const { t } = useI18n();
  const id = useId();
  const set = (change: Partial<StepDraft>) => onChange({ ...step, ...change });
  const error = (path: string, value: string) =>
    invalid.has(path) ? t(value.trim() === "" ? "scenarios.editor.required" : "scenarios.editor.invalid") : null;
  const optional = <span className="field__tag field__tag--optional">{t("scenarios.editor.optional")}</span>;

  return (
    <fieldset className="scenario-step" data-testid={`scenario-step-${position}`}>
      <legend className="scenario-step__legend">{t("scenarios.editor.step", { position })}</legend>
      <div className="scenario-step__timing">
        <TextField
          label={t("scenarios.editor.amount")}
          inputMode="numeric"
          value={step.amount}
          error={error("delay.amount", step.amount)}
          onChange={(event) => set({ amount: event.target.value })}
          testId={`step-${position}-amount`}
        />
        <Select
          id={`${id}-unit`}
          label={t("scenarios.editor.unit")}
          value={step.unit}
          onChange={(unit) => set({ unit: unit as StepDraft["unit"] })}
          testId={`step-${position}-unit`}
        >
          {(["minutes", "hours", "days"] as const).map((unit) => (
            <option key={unit} value={unit}>
              {t(`scenarios.delay.units.${unit}`)}
            </option>
          ))}
        </Select>
        <Select
          id={`${id}-from`}
          label={t("scenarios.editor.from")}
          value={step.from}
          onChange={(from) => set({ from: from as StepDraft["from"] })}
          testId={`step-${position}-from`}
        >
          <option value="trigger">{t("scenarios.editor.fromTrigger")}</option>
          <option value="previous">{t("scenarios.editor.fromPrevious")}</option>
        </Select>
        <TextField
          label={t("scenarios.editor.atTime")}
          labelSuffix={optional}
          optional
          type="time"
          hint={t("scenarios.editor.atTimeHint")}
          value={step.atTime}
          error={error("delay.atTime", step.atTime)}
          onChange={(event) => set({ atTime: event.target.value })}
          testId={`step-${position}-at-time`}
        />
      </div>
      <TextField
        label={t("scenarios.editor.jaTitle")}
        value={step.jaTitle}
        maxLength={80}
        error={error("message.ja.title", step.jaTitle)}
        onChange={(event) => set({ jaTitle: event.target.value })}
        testId={`step-${position}-ja-title`}
      />
      <TextArea
        id={`${id}-ja-body`}
        label={t("scenarios.editor.jaBody")}
        value={step.jaBody}
        error={error("message.ja.body", step.jaBody)}
        onChange={(jaBody) => set({ jaBody })}
        testId={`step-${position}-ja-body`}
      />
      <TextField
        label={t("scenarios.editor.enTitle")}
        labelSuffix={optional}
        optional
        hint={t("scenarios.editor.enHint")}
        value={step.enTitle}
        maxLength={80}
        error={error("message.en.title", step.enTitle)}
        onChange={(event) => set({ enTitle: event.target.value })}
        testId={`step-${position}-en-title`}
      />
      <TextArea
        id={`${id}-en-body`}
        label={t("scenarios.editor.enBody")}
        optionalTag={optional}
        value={step.enBody}
        error={error("message.en.body", step.enBody)}
        onChange={(enBody) => set({ enBody })}
        testId={`step-${position}-en-body`}
      />
      <TextField
        label={t("scenarios.editor.imageUrl")}
        labelSuffix={optional}
        optional
        type="url"
        hint={t("scenarios.editor.imageUrlHint")}
        value={step.imageUrl}
        error={error("message.imageUrl", step.imageUrl)}
        onChange={(event) => set({ imageUrl: event.target.value })}
        testId={`step-${position}-image-url`}
      />
      <Select
        id={`${id}-screen`}
        label={t("scenarios.editor.button")}
        value={step.screen}
        onChange={(screen) => set({ screen: screen as StepDraft["screen"] })}
        testId={`step-${position}-screen`}
      >
        <option value="">{t("scenarios.editor.noButton")}</option>
        {ConsoleAppScreen.options.map((screen) => (
          <option key={screen} value={screen}>
            {t(`scenarios.editor.screens.${screen}`)}
          </option>
        ))}
      </Select>
      <div className="scenario-step__actions">
        <button type="button" className="button button--secondary" disabled={position === 1} onClick={() => onMove(-1)}>
          {t("scenarios.editor.moveUp", { position })}
        </button>
        <button type="button" className="button button--secondary" disabled={position === count} onClick={() => onMove(1)}>
          {t("scenarios.editor.moveDown", { position })}
        </button>
        <button type="button" className="button button--danger-outline" disabled={count === 1} onClick={onRemove}>
          {t("scenarios.editor.remove", { position })}
        </button>
      </div>
    </fieldset>
  );
}

function Select(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id} className="field__label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="field__input"
        value={props.value}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.children}
      </select>
    </div>
  );
}

function TextArea(props: {
  id: string;
  label: string;
  optionalTag?: ReactNode;
  value: string;
  error: string | null;
  onChange(value: string): void;
  testId: string;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id} className="field__label">
        {props.label}
        {props.optionalTag}
      </label>
      <textarea
        id={props.id}
        className="field__input"
        rows={4}
        maxLength={1000}
        required={!props.optionalTag}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.error ? (
        <p id={errorId} className="field__error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
