import { useId, useRef, useState } from "react";
import { PhraseText } from "../../../components/phrase-text.tsx";
import { CommandText } from "./command-text.tsx";
import { useI18n } from "../../../lib/i18n.tsx";
import { useApplyRichMenus } from "./rich-menus-queries.ts";

/**
 * "LINEに反映する" and its confirmation: a modal <dialog> naming how many changes go to LINE.
 * Focus starts on Cancel; the outcome is announced after the dialog closes.
 */
export function ApplyControl({ changes, disabled }: { changes: number; disabled: boolean }) {
  const { t } = useI18n();
  const apply = useApplyRichMenus();
  const [deleteStale, setDeleteStale] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  const open = () => {
    apply.reset();
    dialog.current?.showModal();
    cancel.current?.focus();
  };
  const close = () => dialog.current?.close();
  const confirm = () => {
    if (apply.isPending) return;
    apply.mutate({ deleteStale }, { onSettled: close });
  };

  return (
    <div className="rich-menus__apply">
      <label className="rich-menus__checkbox">
        <input
          type="checkbox"
          checked={deleteStale}
          disabled={disabled}
          onChange={(event) => setDeleteStale(event.target.checked)}
        />
        {t("consoleRichMenus.apply.deleteStale")}
      </label>
      <button
        ref={opener}
        type="button"
        className="button button--primary"
        aria-haspopup="dialog"
        disabled={disabled}
        data-testid="rich-menus-apply"
        onClick={open}
      >
        {t("consoleRichMenus.apply.button")}
      </button>
      <div role="status" data-testid="rich-menus-apply-result">
        {apply.isSuccess ? (
          <>
            <p>
              {apply.data.changes === 0
                ? t("consoleRichMenus.apply.doneNothing")
                : t("consoleRichMenus.apply.done", { count: apply.data.changes })}
            </p>
            {apply.data.done.some((action) => action.kind === "update-alias") ? (
              <p className="rich-menus__note">
                <CommandText>{t("consoleRichMenus.apply.relinkNote")}</CommandText>
              </p>
            ) : null}
          </>
        ) : null}
      </div>
      {apply.isError ? (
        <div className="notice" role="alert" data-testid="rich-menus-apply-error">
          <p>
            <PhraseText>{t("consoleRichMenus.apply.failed")}</PhraseText>
          </p>
        </div>
      ) : null}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="rich-menus-apply-dialog"
        onClose={() => opener.current?.focus()}
      >
        <h2 id={titleId} className="panel__title">
          <PhraseText>{t("consoleRichMenus.apply.confirmTitle")}</PhraseText>
        </h2>
        <p id={bodyId} className="dialog__body">
          <PhraseText>{t("consoleRichMenus.apply.confirmBody", { count: changes })}</PhraseText>
        </p>
        <div className="dialog__actions">
          <button ref={cancel} type="button" className="button button--secondary" onClick={close}>
            {t("consoleRichMenus.apply.cancel")}
          </button>
          <button
            type="button"
            className="button button--primary"
            aria-disabled={apply.isPending || undefined}
            data-testid="rich-menus-apply-confirm"
            onClick={confirm}
          >
            {apply.isPending ? t("consoleRichMenus.apply.applying") : t("consoleRichMenus.apply.confirm")}
          </button>
        </div>
      </dialog>
    </div>
  );
}
