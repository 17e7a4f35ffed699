import { useId, useState, type FormEvent } from "react";
import type { TagRule } from "../../../../shared/console-segments.ts";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { useI18n } from "../../../lib/i18n.tsx";
import { useRuleSegments, useTagRules, useTagWrites } from "./tag-queries.ts";

const newRuleId = () => `rule_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;

/** Tag rules: a tag for the members of a saved segment, run now and then daily. */
export function TagRules() {
  const { t } = useI18n();
  const rules = useTagRules();
  const [notice, setNotice] = useState("");
  return (
    <section className="console-panel" aria-labelledby="console-tag-rules-title" data-testid="console-tag-rules">
      <h2 id="console-tag-rules-title" className="console-panel__title">
        {t("consoleTags.rules.title")}
      </h2>
      <p className="console-panel__description">{t("consoleTags.rules.description")}</p>
      {rules.isPending ? (
        <div role="status" aria-label={t("consoleTags.loading")} className="segments__skeleton">
          <span className="skeleton skeleton--text segments__skeleton-row" />
        </div>
      ) : rules.isError ? (
        <QueryErrorPanel error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.rules.length === 0 ? (
        <p className="console-panel__status">{t("consoleTags.rules.empty")}</p>
      ) : (
        <div className="console-table__scroll">
          <table className="console-table">
            <caption className="visually-hidden">{t("consoleTags.rules.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consoleTags.rules.tag")}</th>
                <th scope="col">{t("consoleTags.rules.lastApplied")}</th>
                <th scope="col">{t("consoleTags.list.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.rules.map((rule) => (
                <RuleRow key={rule.ruleId} rule={rule} onNotice={setNotice} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" className="console-panel__status" data-testid="tag-rules-notice">
        {notice}
      </p>
      <NewRuleForm onSaved={() => setNotice(t("consoleTags.rules.saved"))} />
    </section>
  );
}

function RuleRow({ rule, onNotice }: { rule: TagRule; onNotice: (notice: string) => void }) {
  const { t, format } = useI18n();
  const { applyRule, deleteRule } = useTagWrites();
  const fail = () => onNotice(t("consoleTags.rules.failed"));
  return (
    <tr data-testid="tag-rule-row">
      <th scope="row">{rule.tag}</th>
      <td className="console-table__nowrap">
        {rule.lastAppliedAt === null
          ? t("consoleTags.rules.never")
          : t("consoleTags.rules.lastAppliedValue", {
              time: format.dateTime(rule.lastAppliedAt),
              count: format.number(rule.lastTagged ?? 0),
            })}
      </td>
      <td>
        <div className="segments__actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={applyRule.isPending}
            aria-label={t("consoleTags.rules.applyLabel", { tag: rule.tag })}
            onClick={() =>
              applyRule.mutate(rule.ruleId, {
                onSuccess: ({ matched, tagged }) =>
                  onNotice(t("consoleTags.rules.applied", { matched: format.number(matched), tagged: format.number(tagged) })),
                onError: fail,
              })
            }
          >
            {applyRule.isPending ? t("consoleTags.rules.applying") : t("consoleTags.rules.apply")}
          </button>
          <button
            type="button"
            className="button button--danger-outline"
            disabled={deleteRule.isPending}
            aria-label={t("consoleTags.rules.deleteLabel", { tag: rule.tag })}
            onClick={() => deleteRule.mutate(rule.ruleId, { onError: fail })}
          >
            {t("consoleTags.rules.delete")}
          </button>
        </div>
      </td>
    </tr>
  );
}

function NewRuleForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const segments = useRuleSegments();
  const { saveRule } = useTagWrites();
  const selectId = useId();
  const [tag, setTag] = useState("");
  const [segmentId, setSegmentId] = useState("");
  const [missing, setMissing] = useState({ tag: false, segment: false });

  if (segments.isError) return <QueryErrorPanel error={segments.error} onRetry={() => void segments.refetch()} />;
  const saved = segments.data?.segments ?? [];
  if (segments.isSuccess && saved.length === 0)
    return <p className="console-panel__status">{t("consoleTags.rules.noSegments")}</p>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const segment = saved.find((candidate) => candidate.segmentId === segmentId);
    setMissing({ tag: tag.trim() === "", segment: !segment });
    if (tag.trim() === "" || !segment) return;
    saveRule.mutate(
      { ruleId: newRuleId(), request: { tag: tag.trim(), definition: segment.definition } },
      {
        onSuccess: () => {
          setTag("");
          setSegmentId("");
          onSaved();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="tag-rule-form">
      <fieldset className="segment-builder__group">
        <legend className="segment-builder__legend">{t("consoleTags.rules.save")}</legend>
        <TextField
          label={t("consoleTags.rules.tag")}
          hint={t("consoleTags.add.tagHint")}
          maxLength={32}
          value={tag}
          onChange={(event) => setTag(event.target.value)}
          error={missing.tag ? t("consoleTags.add.tagRequired") : null}
          testId="tag-rule-tag"
        />
        <div className="field">
          <label htmlFor={selectId} className="field__label">
            {t("consoleTags.rules.segment")}
          </label>
          <select
            id={selectId}
            className="field__input"
            required
            value={segmentId}
            onChange={(event) => setSegmentId(event.target.value)}
            aria-invalid={missing.segment || undefined}
            aria-describedby={missing.segment ? `${selectId}-error` : undefined}
            data-testid="tag-rule-segment"
          >
            <option value="">{t("consoleTags.rules.segmentNone")}</option>
            {saved.map((segment) => (
              <option key={segment.segmentId} value={segment.segmentId}>
                {segment.name}
              </option>
            ))}
          </select>
          {missing.segment ? (
            <p id={`${selectId}-error`} className="field__error">
              {t("consoleTags.rules.segmentRequired")}
            </p>
          ) : null}
        </div>
        {saveRule.isError ? (
          <p role="alert" className="field__error">
            {t("consoleTags.rules.failed")}
          </p>
        ) : null}
        <div className="segment-builder__actions">
          <button type="submit" className="button button--primary" disabled={saveRule.isPending}>
            {t("consoleTags.rules.save")}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
