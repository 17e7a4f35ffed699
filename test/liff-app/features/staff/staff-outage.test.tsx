import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { StaffActionResponse } from "../../../../shared/api.ts";
import { fakeSession, json, renderApp, routeBff } from "../../render-app.tsx";
import { nothingToday, scanned, sentWithKeys, shibuya, staffOfShibuya, taro } from "./staff-fixtures.ts";

// The register while the store system (the merchant) is down: a scan answered from the last known
// details, a check-in or award accepted for later, and what needs the merchant now held back.

const CHECK_INS = "POST /api/staff/scans/scan-1/check-ins";
const POINTS = "POST /api/staff/scans/scan-1/points";
const COUPONS = "GET /api/staff/coupons/scans/scan-1";

const snapshotScan = () => ({ ...scanned(), source: "snapshot" as const, memberAsOf: "2026-12-24T05:05:00.000Z" });

function acceptedLater(kind: "check_in" | "award", purchaseAmountYen: number | null = null): StaffActionResponse {
  return {
    action: {
      kind,
      points: null,
      balance: null,
      storeId: shibuya.storeId,
      occurredAt: new Date().toISOString(),
      purchaseAmountYen,
    },
    member: taro,
    lineNotice: "none",
    applied: "later",
  };
}

async function scanDuringOutage(actions: Record<string, () => Response>, language: "ja" | "en" = "ja") {
  const fetchMock = routeBff({
    "GET /api/staff/me": () => json(staffOfShibuya),
    "POST /api/staff/scans": () => json(snapshotScan(), 201),
    ...nothingToday,
    ...actions,
  });
  if (language === "en") localStorage.setItem("liff-app:language", "en");
  renderApp({ path: "/staff", session: fakeSession({ scanQr: vi.fn(async () => "member-card-token") }) });
  const scanButton = language === "en" ? "Scan QR code" : "QRコードを読み取る";
  await userEvent.click(await screen.findByRole("button", { name: scanButton }, { timeout: 5000 }));
  await screen.findByTestId("staff-member-panel");
  return { sent: (route: string) => sentWithKeys(fetchMock).filter((r) => r.route === route) };
}

describe("/staff while the store system is down", () => {
  it("says a check-in was accepted and will be applied later, never that the customer was checked in", async () => {
    await scanDuringOutage({ [CHECK_INS]: () => json(acceptedLater("check_in"), 202) });

    await userEvent.click(screen.getByTestId("staff-check-in-button"));

    const result = await screen.findByTestId("staff-action-result");
    expect(result.dataset.applied).toBe("later");
    expect(within(result).getByTestId("staff-action-later").textContent).toBe(
      "受け付けました。店舗システムの復旧後に反映されます。",
    );
    expect(result.textContent).toContain("渋谷店での来店チェックイン");
    expect(result.textContent).not.toContain("チェックインしました");
    expect(screen.queryByTestId("staff-action-line-notice")).toBeNull();
    expect(screen.getByTestId("staff-check-in-button").textContent).toBe("受付済み（復旧後に反映）");
  });

  it("says an award was accepted for later, with the purchase and no points or balance claimed", async () => {
    const { sent } = await scanDuringOutage({ [POINTS]: () => json(acceptedLater("award", 2000), 202) });

    await userEvent.type(screen.getByLabelText(/お買い上げ金額/), "2000");
    await userEvent.click(screen.getByRole("button", { name: "ポイントを付与する" }));
    await userEvent.click(within(await screen.findByTestId("staff-confirm")).getByRole("button", { name: "付与する" }));

    const result = await screen.findByTestId("staff-action-result");
    expect(result.textContent).toContain("受け付けました。店舗システムの復旧後に反映されます。");
    expect(result.textContent).toContain("¥2,000 のお買い上げのポイント付与");
    expect(result.textContent).toContain("ポイント残高はまだ変わっていません。");
    expect(result.textContent).not.toContain("付与しました");
    expect(sent(POINTS)).toHaveLength(1);
  });

  it("disables the points redeem and the coupons in advance, saying why, while check-in and award stay available", async () => {
    const { sent } = await scanDuringOutage({});

    const redeemButton = screen.getByRole("button", { name: "ポイントを利用する" });
    expect(redeemButton.getAttribute("aria-disabled")).toBe("true");
    const reason = screen.getByTestId("staff-redeem-unavailable");
    expect(reason.textContent).toBe("店舗システムに接続できないため、ポイントの利用は復旧後にできます。");
    expect(redeemButton.getAttribute("aria-describedby")).toBe(reason.id);
    expect(screen.getByTestId("staff-coupons-unavailable").textContent).toContain("店舗システムに接続できないため");

    await userEvent.type(screen.getByLabelText(/利用するポイント/), "100");
    await userEvent.click(redeemButton);
    expect(screen.queryByTestId("staff-confirm")).toBeNull();
    expect(sent(POINTS)).toHaveLength(0);
    expect(sent(COUPONS)).toHaveLength(0);

    expect(screen.getByTestId("staff-check-in-button").getAttribute("aria-disabled")).toBeNull();
    expect(screen.getByRole("button", { name: "ポイントを付与する" }).getAttribute("aria-disabled")).toBeNull();
  });

  it("says it in English too", async () => {
    await scanDuringOutage({ [CHECK_INS]: () => json(acceptedLater("check_in"), 202) }, "en");

    expect(screen.getByTestId("staff-redeem-unavailable").textContent).toBe(
      "The store system cannot be reached: points can be used once it is back.",
    );
    await userEvent.click(screen.getByTestId("staff-check-in-button"));
    await waitFor(() =>
      expect(screen.getByTestId("staff-action-later").textContent).toBe(
        "Accepted. It will be applied when the store system is back.",
      ),
    );
    expect(screen.getByTestId("staff-check-in-button").textContent).toBe("Accepted (applied when the system is back)");
  });
});
