import { useState } from "react";
import type { Scenario } from "../../../../shared/console-scenarios.ts";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../../lib/i18n.tsx";
import { consoleScenariosMessages } from "../../../lib/messages-console-scenarios.ts";
import { ScenarioEditor } from "./scenario-editor.tsx";
import { useScenarios, useScenarioState } from "./scenario-queries.ts";
import { ScenarioResults } from "./scenario-results.tsx";
import "./scenarios.css";

addMessages(consoleScenariosMessages);

type View = { kind: "list" } | { kind: "edit"; scenario: Scenario | null } | { kind: "results"; scenarioId: string };

/** /console/scenarios: the scenarios with their state and sends, the editor, and each step's results. */
export function ScenariosScreen() {
  const { t, format } = useI18n();
  const scenarios = useScenarios();
  const state = useScenarioState();
  const [view, setView] = useState<View>({ kind: "list" });
  const [saved, setSaved] = useState(false);
  const list = scenarios.data?.scenarios ?? [];

  if (view.kind === "edit") {
    return (
      <ScenarioEditor
        scenario={view.scenario}
        onDone={(scenario) => {
          setSaved(scenario !== null);
          setView({ kind: "list" });
        }}
      />
    );
  }
  const shown = view.kind === "results" ? list.find((scenario) => scenario.scenarioId === view.scenarioId) : undefined;

  return (
    <div className="scenarios">
      <section
        className="console-panel"
        aria-labelledby="console-scenarios-title"
        aria-busy={scenarios.isPending}
        data-testid="console-scenarios"
      >
        <div className="scenarios__heading">
          <h2 id="console-scenarios-title" className="console-panel__title">
            {t("scenarios.title")}
          </h2>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setView({ kind: "edit", scenario: null })}
            data-testid="scenario-create"
          >
            {t("scenarios.create")}
          </button>
        </div>
        <p className="console-panel__description">{t("scenarios.description")}</p>
        <p role="status" className="console-panel__status" data-testid="scenario-saved">
          {saved ? t("scenarios.editor.saved") : ""}
        </p>
        {scenarios.isPending ? (
          <div data-testid="scenarios-skeleton">
            <p className="visually-hidden" role="status">
              {t("scenarios.loading")}
            </p>
            {Array.from({ length: 3 }, (_, index) => (
              <div key={index} className="skeleton skeleton--text scenarios__skeleton-row" aria-hidden="true" />
            ))}
          </div>
        ) : scenarios.isError ? (
          <QueryErrorPanel error={scenarios.error} onRetry={() => void scenarios.refetch()} />
        ) : list.length === 0 ? (
          <p className="console-panel__status">{t("scenarios.empty")}</p>
        ) : (
          <div className="console-table__scroll">
            <table className="console-table">
              <thead>
                <tr>
                  <th scope="col">{t("scenarios.columns.name")}</th>
                  <th scope="col">{t("scenarios.columns.trigger")}</th>
                  <th scope="col">{t("scenarios.columns.state")}</th>
                  <th scope="col" className="console-table__number">
                    {t("scenarios.columns.waiting")}
                  </th>
                  <th scope="col">{t("scenarios.columns.sent")}</th>
                  <th scope="col">{t("scenarios.columns.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((scenario) => (
                  <tr key={scenario.scenarioId} data-testid="scenario-row">
                    <th scope="row">{scenario.name}</th>
                    <td>
                      {scenario.trigger === "no_purchase" && scenario.triggerDays !== null
                        ? t("scenarios.triggerWithDays", { days: scenario.triggerDays })
                        : t(`scenarios.triggers.${scenario.trigger}`)}
                    </td>
                    <td>
                      <span className={`scenario-state scenario-state--${scenario.state}`}>
                        {t(`scenarios.state.${scenario.state}`)}
                      </span>
                    </td>
                    <td className="console-table__number">
                      {t("scenarios.waitingCount", { count: format.number(scenario.waiting) })}
                    </td>
                    <td>
                      <ul className="scenarios__sent">
                        {scenario.steps.map((step, index) => (
                          <li key={step.stepId}>
                            {t("scenarios.stepSent", { position: index + 1, count: format.number(step.results.sent) })}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <div className="scenarios__actions">
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => setView({ kind: "edit", scenario })}
                        >
                          {t("scenarios.edit")}
                        </button>
                        <button
                          type="button"
                          className="button button--secondary"
                          aria-disabled={state.isPending}
                          onClick={() => {
                            if (state.isPending) return;
                            state.mutate({
                              scenarioId: scenario.scenarioId,
                              to: scenario.state === "running" ? "pause" : "resume",
                            });
                          }}
                          data-testid="scenario-toggle"
                        >
                          {state.isPending && state.variables?.scenarioId === scenario.scenarioId
                            ? t(state.variables.to === "pause" ? "scenarios.pausing" : "scenarios.resuming")
                            : t(scenario.state === "running" ? "scenarios.pause" : "scenarios.resume")}
                        </button>
                        <button
                          type="button"
                          className="button button--secondary"
                          aria-expanded={shown?.scenarioId === scenario.scenarioId}
                          onClick={() =>
                            setView(
                              shown?.scenarioId === scenario.scenarioId
                                ? { kind: "list" }
                                : { kind: "results", scenarioId: scenario.scenarioId },
                            )
                          }
                        >
                          {t(shown?.scenarioId === scenario.scenarioId ? "scenarios.hideResults" : "scenarios.results")}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {state.isError ? (
          <p role="alert" className="field__error">
            {t("scenarios.actionFailed")}
          </p>
        ) : null}
      </section>
      {shown ? <ScenarioResults scenario={shown} /> : null}
    </div>
  );
}
