import { useRef, useState } from "react";
import type { ScanRequest } from "../../../shared/api.ts";
import { useLiffSession } from "../../lib/liff-session-context.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import { useScanMemberCard, type CardScan } from "./scan-member-card.ts";

/** How the card was read: by its QR code (LINE's scanner or the camera) or typed in. */
export type ReadVia = "qr" | "code";

/**
 * Reading member cards, for the whole staff desk: the scan desk uses it, and so does
 * 「もう一度スキャン」 on the member desk, which must open LINE's scanner in the tap itself
 * (scanCodeV2 only starts from a user gesture).
 */
export function useCardReader(onScanned: (scan: CardScan) => void) {
  const { scanQr } = useLiffSession();
  const scan = useScanMemberCard();
  const [readerProblem, setReaderProblem] = useState<MessageKey | null>(null);
  const [lineScannerOpen, setLineScannerOpen] = useState(false);
  const [via, setVia] = useState<ReadVia>("qr");
  // Taps between the first one and the re-render that shows the button busy.
  const sending = useRef(false);
  const scannerInUse = useRef(false);

  const busy = scan.isPending || lineScannerOpen;

  const submit = (request: ScanRequest) => {
    if (sending.current) return;
    sending.current = true;
    setReaderProblem(null);
    setVia("token" in request ? "qr" : "code");
    scan.mutate(request, {
      onSuccess: onScanned,
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

  return {
    /** LINE's scanner is there (in the LINE app, with Scan QR switched on). */
    hasLineScanner: Boolean(scanQr),
    scanWithLine,
    submit,
    busy,
    pending: scan.isPending,
    error: scan.isError ? scan.error : null,
    /** Which way the last card was read: its refusal is shown beside that way in. */
    via,
    readerProblem,
    setReaderProblem,
    /** Forgets the last refusal (a new customer, another way in). */
    reset: () => {
      scan.reset();
      setReaderProblem(null);
    },
  };
}

export type CardReader = ReturnType<typeof useCardReader>;
