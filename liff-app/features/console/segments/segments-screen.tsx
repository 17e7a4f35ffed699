import { useState } from "react";
import type { SavedSegment } from "../../../../shared/console-segments.ts";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../../lib/i18n.tsx";
import { consoleSegmentsMessages } from "../../../lib/messages-console-segments.ts";
import "./segments.css";
import { SegmentBuilder } from "./segment-builder.tsx";
import { useDeleteSegment, useSavedSegmentCount, useSegmentList } from "./segment-queries.ts";

addMessages(consoleSegmentsMessages);

type Editing = { kind: "new" } | { kind: "edit"; segment: SavedSegment } | null;

/** /console/segments: the saved segments with how many each reaches now, and the builder. */
export function SegmentsScreen() {
  const { t } = useI18n();
  const segments = useSegmentList();
  const [editing, setEditing] = useState<Editing>(null);
  const [deletedName, setDeletedName] = useState<string | null>(null);

  return (
    <div className="segments">
      <section className="console-panel" aria-labelledby="console-segments-title" data-testid="console-segments">
        <h2 id="console-segments-title" className="console-panel__title">
          {t("consoleSegments.title")}
        </h2>
        <p className="console-panel__description">{t("consoleSegments.description")}</p>
        {segments.isPending ? (
          <div role="status" aria-label={t("consoleSegments.loading")} className="segments__skeleton">
            <span className="skeleton skeleton--text segments__skeleton-row" />
            <span className="skeleton skeleton--text segments__skeleton-row" />
            <span className="skeleton skeleton--text segments__skeleton-row" />
          </div>
        ) : segments.isError ? (
          <QueryErrorPanel error={segments.error} onRetry={() => void segments.refetch()} />
        ) : segments.data.segments.length === 0 ? (
          <p className="console-panel__status">{t("consoleSegments.empty")}</p>
        ) : (
          <div className="console-table__scroll">
            <table className="console-table">
              <caption className="visually-hidden">{t("consoleSegments.list.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("consoleSegments.list.name")}</th>
                  <th scope="col" className="console-table__number">
                    {t("consoleSegments.list.count")}
                  </th>
                  <th scope="col">{t("consoleSegments.list.updated")}</th>
                  <th scope="col">{t("consoleSegments.list.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {segments.data.segments.map((segment) => (
                  <SegmentRow
                    key={segment.segmentId}
                    segment={segment}
                    onEdit={() => setEditing({ kind: "edit", segment })}
                    onDeleted={() => {
                      setDeletedName(segment.name);
                      if (editing?.kind === "edit" && editing.segment.segmentId === segment.segmentId) setEditing(null);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p role="status" className="console-panel__status">
          {deletedName ? t("consoleSegments.list.deleted", { name: deletedName }) : ""}
        </p>
        {editing === null ? (
          <div>
            <button type="button" className="button button--primary" onClick={() => setEditing({ kind: "new" })}>
              {t("consoleSegments.builder.create")}
            </button>
          </div>
        ) : null}
      </section>
      {editing ? (
        <SegmentBuilder
          key={editing.kind === "edit" ? editing.segment.segmentId : "new"}
          segment={editing.kind === "edit" ? editing.segment : null}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function SegmentRow({ segment, onEdit, onDeleted }: { segment: SavedSegment; onEdit: () => void; onDeleted: () => void }) {
  const { t, format } = useI18n();
  const count = useSavedSegmentCount(segment.segmentId);
  const remove = useDeleteSegment();
  const [confirming, setConfirming] = useState(false);

  return (
    <tr data-testid="segment-row">
      <th scope="row">{segment.name}</th>
      <td className="console-table__number">
        {count.isPending ? (
          <span className="segments__count-pending">{t("consoleSegments.count.counting")}</span>
        ) : count.isError ? (
          <button type="button" className="button button--secondary" onClick={() => void count.refetch()}>
            {t("consoleSegments.count.retry")}
          </button>
        ) : count.data.exact ? (
          t("consoleSegments.count.exact", { count: format.number(count.data.count) })
        ) : (
          t("consoleSegments.count.estimate", { count: format.number(count.data.count) })
        )}
      </td>
      <td className="console-table__nowrap">
        {t("consoleSegments.list.updatedBy", { time: format.dateTime(segment.updatedAt), name: segment.updatedBy })}
      </td>
      <td>
        {confirming ? (
          <div
            role="group"
            aria-label={t("consoleSegments.list.deleteLabel", { name: segment.name })}
            className="segments__confirm"
          >
            <p>{t("consoleSegments.list.confirmDelete", { name: segment.name })}</p>
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(segment.segmentId, {
                  onSuccess: () => {
                    setConfirming(false);
                    onDeleted();
                  },
                })
              }
            >
              {t("consoleSegments.list.confirmDeleteYes")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              {t("consoleSegments.list.confirmDeleteNo")}
            </button>
            {remove.isError ? (
              <p role="alert" className="field__error">
                {t("consoleSegments.list.deleteFailed")}
              </p>
            ) : null}
          </div>
        ) : (
          <div className="segments__actions">
            <button
              type="button"
              className="button button--secondary"
              aria-label={t("consoleSegments.list.editLabel", { name: segment.name })}
              onClick={onEdit}
            >
              {t("consoleSegments.list.edit")}
            </button>
            <button
              type="button"
              className="button button--danger-outline"
              aria-label={t("consoleSegments.list.deleteLabel", { name: segment.name })}
              onClick={() => setConfirming(true)}
            >
              {t("consoleSegments.list.delete")}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
