import { useId, useState, type FormEvent } from "react";
import type { TagSummary } from "../../../../shared/console-segments.ts";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { addMessages, useI18n } from "../../../lib/i18n.tsx";
import { consoleSegmentsMessages } from "../../../lib/messages-console-segments.ts";
import "../segments/segments.css";
import { TagRules } from "./tag-rules.tsx";
import { useTagList, useTagWrites } from "./tag-queries.ts";

addMessages(consoleSegmentsMessages);

/** /console/tags: tags with how many carry them, tagging by member number, and tag rules. */
export function TagsScreen() {
  const { t } = useI18n();
  const tags = useTagList();
  const [notice, setNotice] = useState("");

  return (
    <div className="segments">
      <section className="console-panel" aria-labelledby="console-tags-title" data-testid="console-tags">
        <h2 id="console-tags-title" className="console-panel__title">
          {t("consoleTags.title")}
        </h2>
        <p className="console-panel__description">{t("consoleTags.description")}</p>
        {tags.isPending ? (
          <div role="status" aria-label={t("consoleTags.loading")} className="segments__skeleton">
            <span className="skeleton skeleton--text segments__skeleton-row" />
            <span className="skeleton skeleton--text segments__skeleton-row" />
          </div>
        ) : tags.isError ? (
          <QueryErrorPanel error={tags.error} onRetry={() => void tags.refetch()} />
        ) : tags.data.tags.length === 0 ? (
          <p className="console-panel__status">{t("consoleTags.empty")}</p>
        ) : (
          <div className="console-table__scroll">
            <table className="console-table">
              <caption className="visually-hidden">{t("consoleTags.list.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("consoleTags.list.tag")}</th>
                  <th scope="col" className="console-table__number">
                    {t("consoleTags.list.members")}
                  </th>
                  <th scope="col" className="console-table__number">
                    {t("consoleTags.list.manual")}
                  </th>
                  <th scope="col">{t("consoleTags.list.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {tags.data.tags.map((tag) => (
                  <TagRow key={tag.tag} tag={tag} onRemoved={setNotice} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p role="status" className="console-panel__status" data-testid="tags-notice">
          {notice}
        </p>
        <TagMembersForm onDone={setNotice} />
      </section>
      <TagRules />
    </div>
  );
}

function TagRow({ tag, onRemoved }: { tag: TagSummary; onRemoved: (notice: string) => void }) {
  const { t, format } = useI18n();
  const { remove } = useTagWrites();
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="tag-row">
      <th scope="row">{tag.tag}</th>
      <td className="console-table__number">{format.number(tag.members)}</td>
      <td className="console-table__number">{format.number(tag.manual)}</td>
      <td>
        {confirming ? (
          <div role="group" aria-label={t("consoleTags.list.removeLabel", { tag: tag.tag })} className="segments__confirm">
            <p>{t("consoleTags.list.confirmRemove", { tag: tag.tag, count: format.number(tag.members) })}</p>
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(
                  { tag: tag.tag },
                  {
                    onSuccess: ({ removed }) =>
                      onRemoved(t("consoleTags.list.removed", { tag: tag.tag, count: format.number(removed) })),
                  },
                )
              }
            >
              {t("consoleTags.list.confirmRemoveYes")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              {t("consoleTags.list.confirmRemoveNo")}
            </button>
            {remove.isError ? (
              <p role="alert" className="field__error">
                {t("consoleTags.rules.failed")}
              </p>
            ) : null}
          </div>
        ) : (
          <button
            type="button"
            className="button button--danger-outline"
            aria-label={t("consoleTags.list.removeLabel", { tag: tag.tag })}
            onClick={() => setConfirming(true)}
          >
            {t("consoleTags.list.remove")}
          </button>
        )}
      </td>
    </tr>
  );
}

const memberNumbersOf = (text: string) => [
  ...new Set(
    text
      .split(/[\s,、，]+/)
      .map((number) => number.trim())
      .filter((number) => number !== ""),
  ),
];

/** Tag or untag members by the numbers on their cards. */
function TagMembersForm({ onDone }: { onDone: (notice: string) => void }) {
  const { t, format } = useI18n();
  const { add, remove } = useTagWrites();
  const numbersId = useId();
  const [tag, setTag] = useState("");
  const [numbers, setNumbers] = useState("");
  const [missing, setMissing] = useState<{ tag: boolean; numbers: boolean }>({ tag: false, numbers: false });
  const [failed, setFailed] = useState(false);
  const [notFound, setNotFound] = useState<string[]>([]);
  const working = add.isPending || remove.isPending;

  const run = (action: "add" | "remove") => (event?: FormEvent) => {
    event?.preventDefault();
    const memberNumbers = memberNumbersOf(numbers);
    const cleanTag = tag.trim();
    setMissing({ tag: cleanTag === "", numbers: memberNumbers.length === 0 });
    if (cleanTag === "" || memberNumbers.length === 0) return;
    setFailed(false);
    const target = { kind: "memberNumbers" as const, memberNumbers };
    const onError = () => setFailed(true);
    if (action === "add") {
      add.mutate(
        { tag: cleanTag, target },
        {
          onSuccess: (result) => {
            setNotFound(result.notFound);
            onDone(t("consoleTags.add.added", { tag: cleanTag, count: format.number(result.matched) }));
          },
          onError,
        },
      );
    } else {
      remove.mutate(
        { tag: cleanTag, target },
        {
          onSuccess: (result) => {
            setNotFound(result.notFound);
            onDone(t("consoleTags.add.removedSome", { tag: cleanTag, count: format.number(result.removed) }));
          },
          onError,
        },
      );
    }
  };

  return (
    <form onSubmit={run("add")} noValidate data-testid="tag-members-form">
      <fieldset className="segment-builder__group">
        <legend className="segment-builder__legend">{t("consoleTags.add.legend")}</legend>
        <TextField
          label={t("consoleTags.add.tag")}
          hint={t("consoleTags.add.tagHint")}
          maxLength={32}
          value={tag}
          onChange={(event) => setTag(event.target.value)}
          error={missing.tag ? t("consoleTags.add.tagRequired") : null}
          testId="tag-name"
        />
        <div className="field">
          <label htmlFor={numbersId} className="field__label">
            {t("consoleTags.add.memberNumbers")}
          </label>
          <p id={`${numbersId}-hint`} className="field__hint">
            {t("consoleTags.add.memberNumbersHint")}
          </p>
          <textarea
            id={numbersId}
            className="field__input"
            rows={3}
            required
            value={numbers}
            onChange={(event) => setNumbers(event.target.value)}
            aria-invalid={missing.numbers || undefined}
            aria-describedby={missing.numbers ? `${numbersId}-error ${numbersId}-hint` : `${numbersId}-hint`}
            data-testid="tag-member-numbers"
          />
          {missing.numbers ? (
            <p id={`${numbersId}-error`} className="field__error">
              {t("consoleTags.add.numbersRequired")}
            </p>
          ) : null}
        </div>
        {failed ? (
          <p role="alert" className="field__error">
            {t("consoleTags.add.failed")}
          </p>
        ) : null}
        {notFound.length > 0 ? (
          <p className="field__hint" data-testid="tag-not-found">
            {t("consoleTags.add.notFound", { numbers: notFound.join(", ") })}
          </p>
        ) : null}
        <div className="segment-builder__actions">
          <button type="submit" className="button button--primary" disabled={working}>
            {working ? t("consoleTags.add.working") : t("consoleTags.add.submit")}
          </button>
          <button type="button" className="button button--secondary" disabled={working} onClick={() => run("remove")()}>
            {t("consoleTags.add.remove")}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
