import type { PointsActionRequest, StaffActionResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";

/** One thing staff do with a scanned card, for one store. */
export type StaffActionRequest = { kind: "check_in"; storeId: string } | PointsActionRequest;

/**
 * POST /api/staff/scans/:scanId/check-ins or …/points. The key makes a repeat harmless: the
 * BFF and the merchant answer a known key with the first answer and do nothing twice.
 */
export async function sendStaffAction(
  api: ApiClient,
  scanId: string,
  request: StaffActionRequest,
  idempotencyKey: string,
): Promise<StaffActionResponse> {
  const scan = api.api.staff.scans[":scanId"];
  const header = { "idempotency-key": idempotencyKey };
  return request.kind === "check_in"
    ? unwrap(scan["check-ins"].$post({ param: { scanId }, json: { storeId: request.storeId }, header }))
    : unwrap(scan.points.$post({ param: { scanId }, json: request, header }));
}

const actionPath = (scanId: string, request: StaffActionRequest) =>
  `/api/staff/scans/${scanId}/${request.kind === "check_in" ? "check-ins" : "points"}`;

/**
 * Staff actions on one scan, one at a time. A request whose outcome is open keeps its key when
 * it is sent again (the retry button, the same form unchanged, or after a reload), so a retry
 * never doubles points. After a final answer the next submit is a new action with a new key;
 * taps that land before the screen has shown the answer send nothing.
 */
export function useStaffAction(scanId: string) {
  const api = useApiClient();
  const write = useKeyedWrite({
    describe: (request: StaffActionRequest) => ({ method: "POST", path: actionPath(scanId, request), body: request }),
    send: (request: StaffActionRequest, idempotencyKey: string) => sendStaffAction(api, scanId, request, idempotencyKey),
    // Check in, then award, then redeem: one scan takes several actions.
    finishes: false,
  });
  const open = write.retry;

  return {
    send: (request: StaffActionRequest, onSuccess?: (answer: StaffActionResponse) => void) => write.send(request, onSuccess),
    /** Sends the request whose outcome is open again, as it was; null when there is none. */
    retry: open ? (onSuccess?: (answer: StaffActionResponse) => void) => write.send(open, onSuccess) : null,
    pendingKind: write.pendingRequest?.kind ?? null,
    isPending: write.isPending,
    error: write.error,
    /** When the last request was sent (ms since the epoch); 0 before any. */
    submittedAt: write.submittedAt,
    /** The answer to the last request, until the next one is sent. */
    result: write.result,
  };
}
