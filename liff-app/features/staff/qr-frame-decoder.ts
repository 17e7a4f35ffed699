// Reads a QR code from the camera's current video frame. jsQR (about 48 KB gzip) is imported
// only when the in-page camera starts on a browser without a QR-capable BarcodeDetector; the
// camera code around it is small and travels in the staff screen's chunk (as a chunk of its
// own it made the bundler split React out of the entry chunk).

export interface QrFrameDecoder {
  /** The text of a QR code in the video's current frame, or null when none is readable. */
  decode(video: HTMLVideoElement): Promise<string | null>;
}

// The Shape Detection API (Chromium on Android, among others); not in TypeScript's DOM types.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorInstance {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

declare global {
  var BarcodeDetector: BarcodeDetectorClass | undefined;
}

/** The browser's BarcodeDetector where it reads QR codes; otherwise jsQR on canvas frames. */
export async function createQrFrameDecoder(): Promise<QrFrameDecoder> {
  const Detector = globalThis.BarcodeDetector;
  const formats = Detector ? await Detector.getSupportedFormats().catch(() => []) : [];
  if (Detector && formats.includes("qr_code")) {
    const detector = new Detector({ formats: ["qr_code"] });
    return {
      async decode(video) {
        const [code] = await detector.detect(video);
        return code?.rawValue || null;
      },
    };
  }
  return createJsQrDecoder();
}

// jsQR's time grows with the pixels; a member card's QR code fills much of the frame, so a
// frame scaled down to 640px on its long side reads as well and several times faster.
const MAX_FRAME_SIDE = 640;

async function createJsQrDecoder(): Promise<QrFrameDecoder> {
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("no 2D canvas to read camera frames from");
  return {
    async decode(video) {
      const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (width === 0 || height === 0) return null;
      canvas.width = width;
      canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const { data } = context.getImageData(0, 0, width, height);
      return jsQR(data, width, height, { inversionAttempts: "dontInvert" })?.data || null;
    },
  };
}
