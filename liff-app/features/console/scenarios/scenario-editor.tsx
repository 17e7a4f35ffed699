import { useId, useState, type FormEvent } from "react";
import { ScenarioTrigger, type Scenario } from "../../../../shared/console-scenarios.ts";
import { TextField } from "../../../components/text-field.tsx";
import { useI18n } from "../../../lib/i18n.tsx";
import { draftOf, emptyDraft, emptyStep, inputOf, type ScenarioDraft, type StepDraft } from "./scenario-draft.ts";
import { useSaveScenario } from "./scenario-queries.ts";
import { StepFields } from "./step-fields.tsx";

export interface ScenarioEditorProps {
  /** The scenario to edit; none for a new one. */
  scenario: Scenario | null;
  onDone: (saved: Scenario | null) => void;
}

/** Create or edit a scenario: its name, trigger, and ordered steps (add, remove, reorder). */
export function ScenarioEditor({ scenario, onDone }: ScenarioEditorProps) {
  const { t } = useI18n();
  const id = useId();
  const save = useSaveScenario();
  const [draft, setDraft] = useState<ScenarioDraft>(() => (scenario ? draftOf(scenario) : emptyDraft()));
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const setSteps = (steps: StepDraft[]) => setDraft({ ...draft, steps });
  const fieldError = (path: string, value: string) =>
    invalid.has(path) ? t(value.trim() === "" ? "scenarios.editor.required" : "scenarios.editor.invalid") : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    const checked = inputOf(draft);
    if (!checked.ok) {
      setInvalid(checked.fields);
      return;
    }
    setInvalid(new Set());
    save.mutate({ scenarioId: scenario?.scenarioId ?? null, input: checked.input }, { onSuccess: (saved) => onDone(saved) });
  }

  function move(index: number, by: -1 | 1) {
    const steps = [...draft.steps];
    const [moved] = steps.splice(index, 1);
    steps.splice(index + by, 0, moved!);
    setSteps(steps);
  }

  const stepInvalid = (index: number) =>
    new Set([...invalid].flatMap((path) => (path.startsWith(`steps.${index}.`) ? [path.slice(`steps.${index}.`.length)] : [])));

  return (
    <section className="console-panel" aria-labelledby={`${id}-title`} data-testid="scenario-editor">
      <h2 id={`${id}-title`} className="console-panel__title">
        {t(scenario ? "scenarios.editor.editTitle" : "scenarios.editor.newTitle")}
      </h2>
      <form className="form" noValidate onSubmit={submit}>
        <TextField
          label={t("scenarios.editor.name")}
          hint={t("scenarios.editor.nameHint")}
          value={draft.name}
          maxLength={80}
          error={fieldError("name", draft.name)}
          onChange={(event) => setDraft({ ...draft, name: event.target.value })}
          testId="scenario-name"
        />
        <div className="field">
          <label htmlFor={`${id}-trigger`} className="field__label">
            {t("scenarios.editor.trigger")}
          </label>
          <select
            id={`${id}-trigger`}
            className="field__input"
            value={draft.trigger}
            data-testid="scenario-trigger"
            onChange={(event) => setDraft({ ...draft, trigger: event.target.value as ScenarioDraft["trigger"] })}
          >
            {ScenarioTrigger.options.map((trigger) => (
              <option key={trigger} value={trigger}>
                {t(`scenarios.triggers.${trigger}`)}
              </option>
            ))}
          </select>
        </div>
        {draft.trigger === "no_purchase" ? (
          <TextField
            label={t("scenarios.editor.triggerDays")}
            unit={t("scenarios.editor.triggerDaysUnit")}
            inputMode="numeric"
            value={draft.triggerDays}
            error={fieldError("triggerDays", draft.triggerDays)}
            onChange={(event) => setDraft({ ...draft, triggerDays: event.target.value })}
            testId="scenario-trigger-days"
          />
        ) : null}
        <h3 className="scenario-editor__steps-title">{t("scenarios.editor.stepsTitle")}</h3>
        {draft.steps.map((step, index) => (
          <StepFields
            key={step.key}
            step={step}
            position={index + 1}
            count={draft.steps.length}
            invalid={stepInvalid(index)}
            onChange={(changed) => setSteps(draft.steps.map((other, at) => (at === index ? changed : other)))}
            onMove={(by) => move(index, by)}
            onRemove={() => setSteps(draft.steps.filter((_, at) => at !== index))}
          />
        ))}
        {draft.steps.length < 20 ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setSteps([...draft.steps, emptyStep(false)])}
            data-testid="scenario-add-step"
          >
            {t("scenarios.editor.addStep")}
          </button>
        ) : null}
        {invalid.size > 0 || save.isError ? (
          <p role="alert" className="field__error" data-testid="scenario-save-error">
            {t("scenarios.editor.saveFailed")}
          </p>
        ) : null}
        <div className="scenario-editor__actions">
          <button type="submit" className="button button--primary" aria-disabled={save.isPending} data-testid="scenario-save">
            {t(save.isPending ? "scenarios.editor.saving" : "scenarios.editor.save")}
          </button>
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            {t("scenarios.editor.cancel")}
          </button>
        </div>
      </form>
    </section>
  );
}
