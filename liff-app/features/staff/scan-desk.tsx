import { useEffect, useRef, useState } from "react";
import type { ScanRequest } from "../../../shared/api.ts";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import { useLiffSession } from "../../lib/liff-session-context.tsx";
import { CameraScanner, type CameraFailure } from "./camera-scanner.tsx";
import { ManualEntryForm } from "./manual-entry-form.tsx";
import { ScanErrorNotice } from "./scan-error-notice.tsx";
import { useScanMemberCard, type CardScan } from "./scan-member-card.ts";

function hasCamera(): boolean {
  return typeof navigator.mediaDevices?.getUserMedia === "function";
}

/**
 * Reading a member card: LINE's QR scanner where the LINE app has it, otherwise the camera in
 * the page; the member number and one-time code can always be typed in.
 */
export function ScanDesk({ onScanned, focusOnShow }: { onScanned: (scan: CardScan) => void; focusOnShow: boolean }) {
  const { t } = useI18n();
  const { scanQr } = useLiffSession();
  const scan = useScanMemberCard();
  const [readerProblem, setReaderProblem] = useState<MessageKey | null>(null);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [lineScannerOpen, setLineScannerOpen] = useState(false);
  // Taps between the first one and the re-render that shows the button busy.
  const sending = useRef(false);
  const scannerInUse = useRef(false);
  const scanButton = useRef<HTMLButtonElement>(null);
  const errorArea = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusOnShow) scanButton.current?.focus();
  }, [focusOnShow]);

  useEffect(() => {
    if (scan.error) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [scan.error]);

  const busy = scan.isPending || lineScannerOpen;

  const submit = (request: ScanRequest, onRefused?: () => void) => {
    if (sending.current) return;
    sending.current = true;
    setReaderProblem(null);
    scan.mutate(request, {
      onSuccess: onScanned,
      onError: (error) => {
        if (error instanceof ApiError) onRefused?.();
      },
      onSettled: () => {
        sending.current = false;
      },
    });
  };

  const scanWithLine = async () => {
    if (!scanQr || busy || sending.current || scannerInUse.current) return;
    scannerInUse.current = true;
    setReaderProblem(null);
    scan.reset();
    setLineScannerOpen(true);
    let text: string | null;
    try {
      text = await scanQr();
    } catch (error) {
      console.warn("liff.scanCodeV2 failed", error);
      setReaderProblem("staff.scan.scannerFailed");
      return;
    } finally {
      scannerInUse.current = false;
      setLineScannerOpen(false);
    }
    // null: the staff member closed the scanner.
    if (text) submit({ token: text });
  };

  const openCamera = () => {
    setReaderProblem(null);
    scan.reset();
    setCameraOpen(true);
  };

  const cameraFailed = (reason: CameraFailure) => {
    setCameraOpen(false);
    setReaderProblem(reason === "denied" ? "staff.scan.cameraDenied" : "staff.scan.cameraUnavailable");
  };

  return (
    <>
      <section className="panel staff-scan" aria-labelledby="staff-scan-title" data-testid="staff-scan">
        <h2 id="staff-scan-title" className="panel__title">
          {t("staff.scan.title")}
        </h2>
        {scanQr ? (
          <button
            ref={scanButton}
            type="button"
            className="button button--primary button--block staff-scan-button"
            aria-disabled={busy || undefined}
            data-testid="staff-scan-button"
            onClick={() => void scanWithLine()}
          >
            {t("staff.scan.button")}
          </button>
        ) : cameraOpen ? (
          <CameraScanner
            onScan={(text) => {
              setCameraOpen(false);
              submit({ token: text });
            }}
            onCancel={() => setCameraOpen(false)}
            onFailure={cameraFailed}
          />
        ) : hasCamera() ? (
          <button
            ref={scanButton}
            type="button"
            className="button button--primary button--block staff-scan-button"
            aria-disabled={busy || undefined}
            data-testid="staff-camera-button"
            onClick={openCamera}
          >
            {t("staff.scan.camera")}
          </button>
        ) : (
          <p className="form__note" data-testid="staff-camera-unavailable">
            {t("staff.scan.cameraUnavailable")}
          </p>
        )}
        <p className="visually-hidden" role="status">
          {scan.isPending ? t("staff.scan.checking") : ""}
        </p>
        <div ref={errorArea} className="form__errors">
          {readerProblem ? (
            <div className="notice notice--error" role="alert" data-testid="staff-reader-problem">
              <p>{t(readerProblem)}</p>
            </div>
          ) : scan.isError ? (
            <ScanErrorNotice error={scan.error} />
          ) : null}
        </div>
      </section>
      <ManualEntryForm pending={scan.isPending} onSubmit={submit} />
    </>
  );
}
