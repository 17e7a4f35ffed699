import { isUnauthorized } from "../lib/api-client.ts";
import { errorMessageKey } from "./query-error-panel.tsx";

/** What a screen's failed query offers: its error and a way to ask again. */
export interface FailedQuery {
  /** Failed in place of its content: no data to show. */
  failed: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
}

export interface SharedQueryFailure {
  error: unknown;
  /** Asks again for every one of the queries. */
  retry: () => void;
}

/**
 * One failure for a screen whose queries all failed the same way (a merchant down answers 502
 * to every call): the screen shows one panel, whose retry refetches them all, not one per
 * section. Null when any query has something to show or the failures say different things;
 * then each section keeps its own panel.
 */
export function sharedQueryFailure(queries: readonly FailedQuery[]): SharedQueryFailure | null {
  const [first] = queries;
  if (queries.length < 2 || first === undefined || !queries.every((query) => query.failed)) return null;
  const same = queries.every(
    (query) =>
      isUnauthorized(query.error) === isUnauthorized(first.error) &&
      errorMessageKey(query.error) === errorMessageKey(first.error),
  );
  if (!same) return null;
  return {
    error: first.error,
    retry: () => {
      for (const query of queries) void query.refetch();
    },
  };
}
