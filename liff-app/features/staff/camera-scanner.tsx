import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useI18n } from "../../lib/i18n.tsx";
import { createQrFrameDecoder } from "./qr-frame-decoder.ts";

export type CameraFailure = "denied" | "unavailable";

// Often enough to feel instant, rarely enough to leave a phone's CPU for the video.
const FRAME_INTERVAL_MS = 150;

/**
 * The in-page QR scanner for browsers without LINE's: the rear camera in a frame, read until a
 * code turns up. The camera stops after a hit, on cancel and when the scanner leaves the
 * screen (another route, the next customer), so its light never stays on.
 */
export function CameraScanner({
  onScan,
  onCancel,
  onFailure,
}: {
  onScan: (text: string) => void;
  onCancel: () => void;
  onFailure: (reason: CameraFailure) => void;
}) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [reading, setReading] = useState(false);
  // The latest callbacks, read when the camera reports: the effect below starts the camera once
  // and must not restart it when the parent passes new functions.
  const callbacks = useRef({ onScan, onFailure });
  useLayoutEffect(() => {
    callbacks.current = { onScan, onFailure };
  });

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };

    async function start() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch (error) {
        if (!stopped) callbacks.current.onFailure(isPermissionRefusal(error) ? "denied" : "unavailable");
        return;
      }
      const element = video.current;
      if (stopped || !element) {
        stop();
        return;
      }
      element.srcObject = stream;
      try {
        await element.play();
      } catch {
        // Muted inline video may autoplay; if play() still refuses, frames arrive anyway on most browsers.
      }
      let decoder;
      try {
        decoder = await createQrFrameDecoder();
      } catch (error) {
        console.warn("QR decoder unavailable", error);
        if (!stopped) callbacks.current.onFailure("unavailable");
        stop();
        return;
      }
      if (stopped) return;
      setReading(true);

      const readFrame = async () => {
        if (stopped) return;
        if (element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
          const text = await decoder.decode(element).catch(() => null);
          if (stopped) return;
          if (text) {
            stop();
            callbacks.current.onScan(text);
            return;
          }
        }
        timer = setTimeout(() => void readFrame(), FRAME_INTERVAL_MS);
      };
      void readFrame();
    }

    void start();
    return stop;
  }, []);

  return (
    <div className="camera-scanner" data-testid="staff-camera">
      <div className="camera-scanner__frame">
        <video ref={video} className="camera-scanner__video" muted playsInline aria-hidden="true" />
      </div>
      <p role="status">{reading ? t("staff.scan.cameraHint") : t("staff.scan.cameraStarting")}</p>
      <button type="button" className="button button--secondary button--block" data-testid="staff-camera-stop" onClick={onCancel}>
        {t("staff.scan.cameraStop")}
      </button>
    </div>
  );
}

// getUserMedia's DOMException names: the user or a policy said no.
function isPermissionRefusal(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "NotAllowedError" || error.name === "SecurityError");
}
