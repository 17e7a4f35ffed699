import { useId, useRef } from "react";
import { useNavigate } from "react-router";
import { PhraseText } from "../../components/phrase-text.tsx";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { flashNoticeState, richMenuStateOf } from "../../lib/flash-notice.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { useUnlinkMember } from "./unlink-member.ts";

/**
 * "連携を解除" and its confirmation: a modal <dialog> that says what unlinking does before it
 * happens. Focus starts on Cancel (the safe choice) and returns to the button on close.
 */
export function UnlinkControl() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const unlink = useUnlinkMember();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  const open = () => {
    unlink.reset();
    dialog.current?.showModal();
    cancel.current?.focus();
  };

  const close = () => dialog.current?.close();

  const confirm = () => {
    // A double tap must not send a second DELETE (it would answer "not linked").
    if (unlink.isPending || unlink.done) return;
    unlink.send(undefined, ({ richMenu }) => {
      close();
      void navigate("/", { state: flashNoticeState({ kind: "unlinked", richMenu: richMenuStateOf(richMenu) }) });
    });
  };

  return (
    <>
      <button
        ref={opener}
        type="button"
        className="button button--danger-outline button--block"
        aria-haspopup="dialog"
        data-testid="unlink-button"
        onClick={open}
      >
        {t("settings.link.unlink")}
      </button>
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="unlink-dialog"
        onClose={() => opener.current?.focus()}
      >
        <h2 id={titleId} className="panel__title">
          <PhraseText>{t("settings.unlinkDialog.title")}</PhraseText>
        </h2>
        <div id={bodyId} className="dialog__body">
          <p>
            <PhraseText>{t("settings.unlinkDialog.intro")}</PhraseText>
          </p>
          <ul className="dialog__list">
            <li>
              <PhraseText>{t("settings.unlinkDialog.menu")}</PhraseText>
            </li>
            <li>
              <PhraseText>{t("settings.unlinkDialog.card")}</PhraseText>
            </li>
            <li>
              <PhraseText>{t("settings.unlinkDialog.points")}</PhraseText>
            </li>
          </ul>
        </div>
        {unlink.error ? <UnlinkErrorNotice error={unlink.error} /> : null}
        <div className="dialog__actions">
          <button ref={cancel} type="button" className="button button--secondary" data-testid="unlink-cancel" onClick={close}>
            {t("settings.unlinkDialog.cancel")}
          </button>
          <button
            type="button"
            className="button button--danger"
            aria-disabled={unlink.isPending || unlink.done || undefined}
            data-testid="unlink-confirm"
            onClick={confirm}
          >
            {unlink.isPending
              ? t("settings.unlinkDialog.confirming")
              : unlink.done
                ? t("settings.unlinkDialog.done")
                : t("settings.unlinkDialog.confirm")}
          </button>
        </div>
      </dialog>
    </>
  );
}

function UnlinkErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === "not_linked") {
    return (
      <div className="notice" role="alert" data-testid="unlink-error" data-error-code={error.code}>
        <p>
          <PhraseText>{t("settings.unlinkDialog.notLinked")}</PhraseText>
        </p>
      </div>
    );
  }
  return <SubmitErrorNotice error={error} />;
}
