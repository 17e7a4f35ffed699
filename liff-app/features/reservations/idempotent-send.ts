import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { ApiError } from "../../lib/api-client.ts";
import { newIdempotencyKey } from "../../lib/idempotency-key.ts";

/**
 * Whether the request may have taken effect although the app got no confirmation: no answer,
 * a 5xx, a 401 or 429 (refused before the handler, an earlier send's fate still unknown), or
 * "still in progress". Only the very same request under the same key may go again then.
 */
export function isOutcomeOpen(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 401 || error.status === 429 || error.code === "request_in_progress";
}

interface Keyed<Request> {
  request: Request;
  idempotencyKey: string;
}

/**
 * A write sent once. The Idempotency-Key is made on the first tap; while that send's outcome is
 * open, sending the same request again reuses it, so a retry never books (changes, cancels)
 * twice. A different request, or any send after a final answer, gets a new key.
 */
export function useIdempotentSend<Request, Result>({
  send,
  onSuccess,
  onError,
}: {
  send: (request: Request, idempotencyKey: string) => Promise<Result>;
  onSuccess?: (result: Result) => void;
  onError?: (error: unknown) => void;
}) {
  const mutation = useMutation({
    mutationFn: ({ request, idempotencyKey }: Keyed<Request>) => send(request, idempotencyKey),
    onSuccess: (result) => onSuccess?.(result),
    onError: (error) => onError?.(error),
  });
  // Taps between mutate() and the re-render that shows the button busy.
  const sending = useRef(false);
  const unconfirmed = mutation.isError && isOutcomeOpen(mutation.error) ? mutation.variables : undefined;

  return {
    send(request: Request, onDone: (result: Result) => void, onFailed?: (error: unknown) => void) {
      if (sending.current) return;
      sending.current = true;
      const idempotencyKey =
        unconfirmed && JSON.stringify(unconfirmed.request) === JSON.stringify(request)
          ? unconfirmed.idempotencyKey
          : newIdempotencyKey();
      mutation.mutate(
        { request, idempotencyKey },
        {
          onSuccess: onDone,
          onError: onFailed,
          onSettled: () => {
            sending.current = false;
          },
        },
      );
    },
    reset: mutation.reset,
    isPending: mutation.isPending,
    error: mutation.isError ? mutation.error : null,
    /** The last send got no final answer: the same request may be sent again safely. */
    outcomeOpen: unconfirmed !== undefined,
  };
}
