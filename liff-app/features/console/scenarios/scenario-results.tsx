import { useId } from "react";
import type { Scenario } from "../../../../shared/console-scenarios.ts";
import { useI18n } from "../../../lib/i18n.tsx";
import { describeDelay } from "./scenario-draft.ts";

/** Each step's results: sent, delivered (LINE accepted), failed, still on its way, unique clicks. */
export function ScenarioResults({ scenario }: { scenario: Scenario }) {
  const { t, format } = useI18n();
  const id = useId();
  return (
    <section className="console-panel" aria-labelledby={`${id}-title`} data-testid="scenario-results">
      <h2 id={`${id}-title`} className="console-panel__title">
        {t("scenarios.result.title", { name: scenario.name })}
      </h2>
      <div className="console-table__scroll">
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{t("scenarios.result.step")}</th>
              <th scope="col">{t("scenarios.result.timing")}</th>
              <th scope="col" className="console-table__number">
                {t("scenarios.result.sent")}
              </th>
              <th scope="col" className="console-table__number">
                {t("scenarios.result.delivered")}
              </th>
              <th scope="col" className="console-table__number">
                {t("scenarios.result.failed")}
              </th>
              <th scope="col" className="console-table__number">
                {t("scenarios.result.pending")}
              </th>
              <th scope="col" className="console-table__number">
                {t("scenarios.result.clicks")}
              </th>
            </tr>
          </thead>
          <tbody>
            {scenario.steps.map((step, index) => (
              <tr key={step.stepId}>
                <th scope="row">
                  {t("scenarios.editor.step", { position: index + 1 })}
                  <br />
                  <span className="scenario-results__title">{step.message.ja.title}</span>
                </th>
                <td>{describeDelay(step.delay, scenario.trigger, t)}</td>
                <td className="console-table__number">{format.number(step.results.sent)}</td>
                <td className="console-table__number">{format.number(step.results.delivered)}</td>
                <td className="console-table__number">{format.number(step.results.failed)}</td>
                <td className="console-table__number">{format.number(step.results.pending)}</td>
                <td className="console-table__number">{format.number(step.results.uniqueClicks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="console-panel__description">{t("scenarios.result.note")}</p>
    </section>
  );
}
