import type { ScanResponse, StaffActionResponse, StaffMeResponse, TodaysActionsResponse } from "../../../../shared/api.ts";
import { json, type routeBff } from "../../render-app.tsx";
import { requestUrl } from "../../fixtures.ts";

export const shibuya = { storeId: "store_shibuya", name: "渋谷店" };
export const shinjuku = { storeId: "store_shinjuku", name: "新宿店" };

export const staffOfShibuya: StaffMeResponse = { name: "鈴木 一郎", stores: [shibuya] };
export const staffOfTwoStores: StaffMeResponse = { name: "鈴木 一郎", stores: [shibuya, shinjuku] };

export const taro: ScanResponse["member"] = {
  memberNumber: "1000-0001",
  name: "山田 太郎",
  rank: { code: "gold", name: "ゴールド" },
  points: { balance: 1280 },
};

/** The BFF's answer to a good scan: actionable for ten minutes from now, unless told otherwise. */
export function scanned(actableForMs = 10 * 60_000): ScanResponse {
  return { scanId: "scan-1", member: taro, actUntil: new Date(Date.now() + actableForMs).toISOString() };
}

/** Nothing done yet today: the list under the desk, for tests about something else. */
export const nothingToday = { "GET /api/staff/actions": () => json({ actions: [] } satisfies TodaysActionsResponse) };

export function acted(
  kind: StaffActionResponse["action"]["kind"],
  points: number | null,
  balance: number,
  storeId = shibuya.storeId,
  lineNotice: StaffActionResponse["lineNotice"] = "queued",
  extra: Partial<StaffActionResponse["action"]> = {},
): StaffActionResponse {
  return {
    action: { kind, points, balance, storeId, occurredAt: new Date().toISOString(), ...extra },
    member: { ...taro, points: { balance } },
    lineNotice,
  };
}

/** What the app sent, with the Idempotency-Key header of each request. */
export function sentWithKeys(fetchMock: ReturnType<typeof routeBff>) {
  return fetchMock.mock.calls.map(([input, init]) => ({
    route: `${(init?.method ?? "GET").toUpperCase()} ${new URL(requestUrl(input), "http://localhost").pathname}`,
    body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    key: new Headers(init?.headers).get("idempotency-key"),
  }));
}
