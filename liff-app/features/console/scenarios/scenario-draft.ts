import type { ConsoleAppScreen } from "../../../../shared/console-message.ts";
import { ScenarioInput, type Scenario, type ScenarioDelay, type ScenarioTrigger } from "../../../../shared/console-scenarios.ts";
import type { I18n } from "../../../lib/i18n.tsx";

// The editor's form as typed (every field a string), and the request it becomes. The shared zod
// schema checks the request before it is sent, so the form shows the same rules as the BFF.

export interface StepDraft {
  /** React's key: stable while steps move. */
  key: string;
  stepId?: string;
  amount: string;
  unit: ScenarioDelay["unit"];
  from: ScenarioDelay["from"];
  atTime: string;
  jaTitle: string;
  jaBody: string;
  enTitle: string;
  enBody: string;
  imageUrl: string;
  screen: ConsoleAppScreen | "";
}

export interface ScenarioDraft {
  name: string;
  trigger: ScenarioTrigger;
  triggerDays: string;
  steps: StepDraft[];
}

let nextKey = 0;
const freshKey = () => `step-${(nextKey += 1)}`;

export function emptyStep(first: boolean): StepDraft {
  return {
    key: freshKey(),
    amount: first ? "0" : "1",
    unit: "days",
    from: first ? "trigger" : "previous",
    atTime: "",
    jaTitle: "",
    jaBody: "",
    enTitle: "",
    enBody: "",
    imageUrl: "",
    screen: "",
  };
}

export const emptyDraft = (): ScenarioDraft => ({ name: "", trigger: "followed", triggerDays: "30", steps: [emptyStep(true)] });

export function draftOf(scenario: Scenario): ScenarioDraft {
  return {
    name: scenario.name,
    trigger: scenario.trigger,
    triggerDays: String(scenario.triggerDays ?? 30),
    steps: scenario.steps.map((step) => ({
      key: freshKey(),
      stepId: step.stepId,
      amount: String(step.delay.amount),
      unit: step.delay.unit,
      from: step.delay.from,
      atTime: step.delay.atTime ?? "",
      jaTitle: step.message.ja.title,
      jaBody: step.message.ja.body,
      enTitle: step.message.en?.title ?? "",
      enBody: step.message.en?.body ?? "",
      imageUrl: step.message.imageUrl ?? "",
      screen: step.message.button?.screen ?? "",
    })),
  };
}

const wholeNumber = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

/** The request the draft makes, checked by the shared schema; the failing fields by dotted path otherwise. */
export function inputOf(draft: ScenarioDraft): { ok: true; input: ScenarioInput } | { ok: false; fields: Set<string> } {
  const candidate = {
    name: draft.name,
    trigger: draft.trigger,
    ...(draft.trigger === "no_purchase" ? { triggerDays: wholeNumber(draft.triggerDays) } : {}),
    steps: draft.steps.map((step) => ({
      ...(step.stepId ? { stepId: step.stepId } : {}),
      delay: {
        amount: wholeNumber(step.amount),
        unit: step.unit,
        from: step.from,
        ...(step.atTime ? { atTime: step.atTime } : {}),
      },
      message: {
        ja: { title: step.jaTitle, body: step.jaBody },
        ...(step.enTitle.trim() || step.enBody.trim() ? { en: { title: step.enTitle, body: step.enBody } } : {}),
        ...(step.imageUrl.trim() ? { imageUrl: step.imageUrl.trim() } : {}),
        ...(step.screen ? { button: { screen: step.screen } } : {}),
      },
    })),
  };
  const parsed = ScenarioInput.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, fields: new Set(parsed.error.issues.map((issue) => issue.path.map(String).join("."))) };
}

/** When a step goes, in words: 「友だち追加から3日後の10:00」, "Right after following". */
export function describeDelay(delay: ScenarioDelay, trigger: ScenarioTrigger, t: I18n["t"]): string {
  const base = t(delay.from === "previous" ? "scenarios.base.previous" : `scenarios.base.${trigger}`);
  const when =
    delay.amount === 0
      ? t("scenarios.delay.now", { base })
      : t("scenarios.delay.after", { base, amount: delay.amount, unit: t(`scenarios.delay.units.${delay.unit}`) });
  return delay.atTime ? t("scenarios.delay.at", { when, time: delay.atTime }) : when;
}
