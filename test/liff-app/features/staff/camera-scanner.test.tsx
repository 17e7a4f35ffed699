import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";
import { scanned, staffOfShibuya } from "./staff-fixtures.ts";

// jsdom has no camera, video frames or BarcodeDetector: these stand in for a phone's browser
// outside LINE, whose camera sees a member card QR code once `codeInView` is set.
let codeInView: string | null;
let track: { stop: ReturnType<typeof vi.fn> };
let getUserMedia: ReturnType<typeof vi.fn>;

class FakeBarcodeDetector {
  static getSupportedFormats = async () => ["qr_code", "ean_13"];
  constructor(readonly options: { formats: string[] }) {}
  async detect() {
    return codeInView ? [{ rawValue: codeInView }] : [];
  }
}

beforeEach(() => {
  codeInView = null;
  track = { stop: vi.fn() };
  getUserMedia = vi.fn(async () => ({ getTracks: () => [track] }));
  Object.defineProperty(navigator, "mediaDevices", { configurable: true, value: { getUserMedia } });
  vi.stubGlobal("BarcodeDetector", FakeBarcodeDetector);
  vi.spyOn(HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
  Object.defineProperty(HTMLMediaElement.prototype, "readyState", { configurable: true, get: () => 4 });
});

afterEach(() => {
  Reflect.deleteProperty(navigator, "mediaDevices");
  Reflect.deleteProperty(HTMLMediaElement.prototype, "readyState");
  vi.restoreAllMocks();
});

function staffWithoutLineScanner() {
  return routeBff({
    "GET /api/staff/me": () => json(staffOfShibuya),
    "POST /api/staff/scans": () => json(scanned(), 201),
  });
}

describe("/staff in-page camera (no scanCodeV2)", () => {
  it("reads a QR code with the rear camera, posts it as { token } and stops the camera", async () => {
    const fetchMock = staffWithoutLineScanner();
    renderApp({ path: "/staff" });

    await userEvent.click(await screen.findByRole("button", { name: "カメラでQRコードを読み取る" }));
    await screen.findByText("お客様の会員証のQRコードを枠の中に映してください。");
    expect(getUserMedia).toHaveBeenCalledWith({ video: { facingMode: "environment" }, audio: false });
    expect(track.stop).not.toHaveBeenCalled();

    codeInView = "member-card-token";

    expect(await screen.findByTestId("staff-member-panel")).toBeTruthy();
    expect(
      sentRequests(fetchMock)
        .filter((r) => r.route === "POST /api/staff/scans")
        .map((r) => r.body),
    ).toEqual([{ token: "member-card-token" }]);
    expect(track.stop).toHaveBeenCalled();
    expect(screen.queryByTestId("staff-camera")).toBeNull();
  });

  it("stops the camera when the staff member stops scanning or leaves the screen", async () => {
    staffWithoutLineScanner();
    renderApp({ path: "/staff" });

    await userEvent.click(await screen.findByRole("button", { name: "カメラでQRコードを読み取る" }));
    await screen.findByText("お客様の会員証のQRコードを枠の中に映してください。");
    await userEvent.click(screen.getByRole("button", { name: "読み取りをやめる" }));

    expect(track.stop).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("staff-camera")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "カメラでQRコードを読み取る" }));
    await screen.findByText("お客様の会員証のQRコードを枠の中に映してください。");
    await userEvent.click(screen.getByRole("link", { name: /ホームへ戻る/ }));

    await waitFor(() => expect(track.stop).toHaveBeenCalledTimes(2));
  });

  it("falls back to manual entry when the camera is not allowed", async () => {
    getUserMedia.mockRejectedValue(new DOMException("denied", "NotAllowedError"));
    staffWithoutLineScanner();
    renderApp({ path: "/staff" });

    await userEvent.click(await screen.findByRole("button", { name: "カメラでQRコードを読み取る" }));

    expect((await screen.findByTestId("staff-reader-problem")).textContent).toContain("カメラの使用が許可されていません");
    expect(screen.queryByTestId("staff-camera")).toBeNull();
    expect(screen.getByTestId("staff-manual-form")).toBeTruthy();
  });
});
