import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import type { PointsActionRequest, StaffActionResponse } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { newIdempotencyKey } from "../../lib/idempotency-key.ts";

/** One thing staff do with a scanned card, for one store. */
export type StaffActionRequest = { kind: "check_in"; storeId: string } | PointsActionRequest;

interface KeyedAction {
  request: StaffActionRequest;
  idempotencyKey: string;
}

/**
 * POST /api/staff/scans/:scanId/check-ins or …/points. The key makes a repeat harmless: the
 * BFF and the merchant answer a known key with the first answer and do nothing twice.
 */
export async function sendStaffAction(
  api: ApiClient,
  scanId: string,
  { request, idempotencyKey }: KeyedAction,
): Promise<StaffActionResponse> {
  const scan = api.api.staff.scans[":scanId"];
  const header = { "idempotency-key": idempotencyKey };
  const response =
    request.kind === "check_in"
      ? await scan["check-ins"].$post({ param: { scanId }, json: { storeId: request.storeId }, header })
      : await scan.points.$post({ param: { scanId }, json: request, header });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

/**
 * Whether the BFF's answer settles the request: it was refused and nothing was done. Without
 * an answer (no connection), with a 5xx (the merchant may have acted before failing), a 401
 * (the request never reached the handler) or a 429, the outcome is open and the same request
 * must go again under the same key.
 */
export function isSettledRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429;
}

function sameRequest(a: StaffActionRequest, b: StaffActionRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Staff actions on one scan, one at a time. The Idempotency-Key is made when the staff member
 * submits; a request whose outcome is open keeps its key when it is sent again (the retry
 * button, or the same form unchanged), so a retry never doubles points. After an answer, the
 * next submit gets a new key.
 */
export function useStaffAction(scanId: string) {
  const api = useApiClient();
  const mutation = useMutation({
    mutationFn: (action: KeyedAction) => sendStaffAction(api, scanId, action),
  });
  // Taps between mutate() and the re-render that shows the button busy.
  const sending = useRef(false);

  const unanswered = mutation.isError && !isSettledRefusal(mutation.error) ? mutation.variables : undefined;

  const run = (action: KeyedAction, onSuccess?: (answer: StaffActionResponse) => void) => {
    if (sending.current) return;
    sending.current = true;
    mutation.mutate(action, {
      onSuccess,
      onSettled: () => {
        sending.current = false;
      },
    });
  };

  return {
    send(request: StaffActionRequest, onSuccess?: (answer: StaffActionResponse) => void) {
      const idempotencyKey =
        unanswered && sameRequest(unanswered.request, request) ? unanswered.idempotencyKey : newIdempotencyKey();
      run({ request, idempotencyKey }, onSuccess);
    },
    /** Sends the request whose outcome is open again, as it was; null when there is none. */
    retry: unanswered
      ? (onSuccess?: (answer: StaffActionResponse) => void) => run(unanswered, onSuccess)
      : null,
    pendingKind: mutation.isPending ? (mutation.variables?.request.kind ?? null) : null,
    isPending: mutation.isPending,
    error: mutation.isError ? mutation.error : null,
    /** The answer to the last request, until the next one is sent. */
    result: mutation.isSuccess ? mutation.data : null,
  };
}
