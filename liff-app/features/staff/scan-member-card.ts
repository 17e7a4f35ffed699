import { useMutation } from "@tanstack/react-query";
import type { ScanRequest, ScanResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";

/** A member card the BFF accepted (and consumed): who it is and until when staff may act on it. */
export interface CardScan extends ScanResponse {
  /** The end of the action window on this device's clock (ms since the epoch). */
  actableUntil: number;
}

/**
 * POST /api/staff/scans: the QR code's text or the member number and code typed in. The BFF
 * checks the signature and expiry and consumes the card, so one card works for one scan only.
 */
export async function scanMemberCard(api: ApiClient, request: ScanRequest): Promise<CardScan> {
  const response = await api.api.staff.scans.$post({ json: request });
  const scan = await unwrap(response);
  return { ...scan, actableUntil: localDeadline(scan.actUntil, response.headers.get("date"), Date.now()) };
}

/**
 * `actUntil` moved onto this device's clock, using the answer's Date header as the server's
 * "now": a register phone whose clock is a few minutes off would otherwise count down wrongly.
 * The header counts whole seconds, so the server's "now" is taken as the end of that second:
 * the count may end a moment early, never late.
 */
export function localDeadline(actUntil: string, serverDate: string | null, receivedAt: number): number {
  const until = Date.parse(actUntil);
  const serverNow = serverDate ? Date.parse(serverDate) + 1000 : Number.NaN;
  return Number.isNaN(serverNow) ? until : receivedAt + (until - serverNow);
}

export function useScanMemberCard() {
  const api = useApiClient();
  return useMutation({ mutationFn: (request: ScanRequest) => scanMemberCard(api, request) });
}
