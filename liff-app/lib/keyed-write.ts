import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useMemberScope } from "./member-scope.ts";
import { closeWrite, isOutcomeOpen, openWriteKey, type WriteRequest } from "./open-writes.ts";

interface Keyed<Request> {
  request: Request;
  idempotencyKey: string;
}

export interface KeyedWriteOptions<Request, Result> {
  /** The write as the BFF sees it: the same description means the same write, and the same key. */
  describe: (request: Request) => WriteRequest;
  send: (request: Request, idempotencyKey: string) => Promise<Result>;
  onSuccess?: (result: Result, request: Request) => void;
  onError?: (error: unknown, request: Request) => void;
  /**
   * The screen is done once a write succeeded (an order placed, a booking made): later taps
   * send nothing, even while the next screen's code is still loading and this one shows.
   * False for screens that go on to another write (staff at the register, a new time).
   */
  finishes?: boolean;
}

/**
 * A write that happens once, however it is tapped or retried. Its Idempotency-Key comes from
 * open-writes: a send whose outcome is open (no answer, 5xx, 401…) keeps its key for the same
 * request, across a reload, until a final answer; a different request gets its own key. Taps
 * while a send is on its way do nothing, and nor do taps after its answer until the screen has
 * shown that answer (or ever again, for a write that `finishes` the screen).
 */
export function useKeyedWrite<Request, Result>({
  describe,
  send,
  onSuccess,
  onError,
  finishes = true,
}: KeyedWriteOptions<Request, Result>) {
  const { lineUserId } = useMemberScope();
  const write = (request: Request): WriteRequest => ({ ...describe(request), owner: lineUserId });
  const mutation = useMutation({
    mutationFn: ({ request, idempotencyKey }: Keyed<Request>) => send(request, idempotencyKey),
    onSuccess: (result, { request }) => {
      closeWrite(write(request));
      onSuccess?.(result, request);
    },
    onError: (error, { request }) => {
      if (!isOutcomeOpen(error)) closeWrite(write(request));
      onError?.(error, request);
    },
  });
  // Set on the tap itself: taps between mutate() and the re-render that shows the button busy,
  // and between the answer and the re-render that shows it, must find it set.
  const sending = useRef(false);
  const finished = useRef(false);
  const [answers, setAnswers] = useState(0);

  useEffect(() => {
    // The answer is on the screen now (a failure with its retry, a success with what follows).
    if (answers > 0) sending.current = finished.current;
  }, [answers]);

  const outcomeOpen = mutation.isError && isOutcomeOpen(mutation.error);

  const run = (request: Request, onDone?: (result: Result) => void, onFailed?: (error: unknown) => void) => {
    if (sending.current) return;
    sending.current = true;
    mutation.mutate(
      { request, idempotencyKey: openWriteKey(write(request)) },
      {
        onSuccess: (result) => {
          if (finishes) finished.current = true;
          onDone?.(result);
        },
        onError: onFailed,
        onSettled: () => setAnswers((count) => count + 1),
      },
    );
  };

  return {
    send: run,
    /** Sends the request whose outcome is open again, as it was; null when there is none. */
    retry: outcomeOpen && mutation.variables ? mutation.variables.request : null,
    reset: mutation.reset,
    isPending: mutation.isPending,
    /** The write succeeded and the screen is done with it: its button stays disabled. */
    done: finishes && mutation.isSuccess,
    pendingRequest: mutation.isPending ? (mutation.variables?.request ?? null) : null,
    error: mutation.isError ? mutation.error : null,
    /** The last send got no final answer: the same request may be sent again safely. */
    outcomeOpen,
    /** When the last request was sent (ms since the epoch); 0 before any. */
    submittedAt: mutation.submittedAt,
    /** The answer to the last request, until the next one is sent. */
    result: mutation.isSuccess ? mutation.data : null,
  };
}
