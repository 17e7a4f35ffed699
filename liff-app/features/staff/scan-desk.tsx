import { useEffect, useRef, useState } from "react";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { CameraScanner, type CameraFailure } from "./camera-scanner.tsx";
import type { CardReader } from "./card-reader.ts";
import { ManualEntryForm } from "./manual-entry-form.tsx";
import { ScanErrorNotice } from "./scan-error-notice.tsx";

function hasCamera(): boolean {
  return typeof navigator.mediaDevices?.getUserMedia === "function";
}

/**
 * Reading a member card: LINE's QR scanner where the LINE app has it, otherwise the camera in
 * the page; the member number and one-time code can always be typed in. A refusal shows beside
 * the way the card was read.
 */
export function ScanDesk({
  reader,
  focusOnShow,
  cameraOnShow,
}: {
  reader: CardReader;
  focusOnShow: boolean;
  /** 「もう一度スキャン」 without LINE's scanner: the camera opens at once. */
  cameraOnShow: boolean;
}) {
  const { t } = useI18n();
  const [cameraOpen, setCameraOpen] = useState(cameraOnShow && hasCamera());
  const scanButton = useRef<HTMLButtonElement>(null);
  const errorArea = useRef<HTMLDivElement>(null);
  const { error, readerProblem, via } = reader;
  const qrError = readerProblem !== null || (error !== null && via === "qr");

  useEffect(() => {
    if (focusOnShow) scanButton.current?.focus();
  }, [focusOnShow]);

  useEffect(() => {
    if (qrError) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [qrError]);

  const openCamera = () => {
    reader.reset();
    setCameraOpen(true);
  };

  const cameraFailed = (reason: CameraFailure) => {
    setCameraOpen(false);
    reader.setReaderProblem(reason === "denied" ? "staff.scan.cameraDenied" : "staff.scan.cameraUnavailable");
  };

  return (
    <>
      <section className="panel staff-scan" aria-labelledby="staff-scan-title" data-testid="staff-scan">
        <h2 id="staff-scan-title" className="panel__title">
          <PhraseText>{t("staff.scan.title")}</PhraseText>
        </h2>
        {reader.hasLineScanner ? (
          <button
            ref={scanButton}
            type="button"
            className="button button--primary button--block staff-scan-button"
            aria-disabled={reader.busy || undefined}
            data-testid="staff-scan-button"
            onClick={() => void reader.scanWithLine()}
          >
            {t("staff.scan.button")}
          </button>
        ) : cameraOpen ? (
          <CameraScanner
            onScan={(text) => {
              setCameraOpen(false);
              reader.submit({ token: text });
            }}
            onCancel={() => setCameraOpen(false)}
            onFailure={cameraFailed}
          />
        ) : hasCamera() ? (
          <button
            ref={scanButton}
            type="button"
            className="button button--primary button--block staff-scan-button"
            aria-disabled={reader.busy || undefined}
            data-testid="staff-camera-button"
            onClick={openCamera}
          >
            {t("staff.scan.camera")}
          </button>
        ) : (
          <p className="form__note" data-testid="staff-camera-unavailable">
            <PhraseText>{t("staff.scan.cameraUnavailable")}</PhraseText>
          </p>
        )}
        <p className="visually-hidden" role="status">
          {reader.pending ? t("staff.scan.checking") : ""}
        </p>
        <div ref={errorArea} className="form__errors">
          {readerProblem ? (
            <div className="notice notice--error" role="alert" data-testid="staff-reader-problem">
              <p>
                <PhraseText>{t(readerProblem)}</PhraseText>
              </p>
            </div>
          ) : error !== null && via === "qr" ? (
            <ScanErrorNotice error={error} via="qr" />
          ) : null}
        </div>
      </section>
      <ManualEntryForm
        pending={reader.pending}
        onSubmit={reader.submit}
        error={error !== null && via === "code" && !readerProblem ? <ScanErrorNotice error={error} via="code" /> : null}
      />
    </>
  );
}
