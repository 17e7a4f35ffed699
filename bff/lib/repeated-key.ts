import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../env.ts";
import type { IdempotencyClaim } from "./idempotency.ts";
import { refuse } from "./refuse.ts";

/**
 * The answer to an Idempotency-Key seen before: the first answer again (with its status: the
 * usual one, or what `statusOf` says for that answer), 422 for a key reused
 * with another body, or 409 (retry in a second) while the first request is still running.
 */
export function answerRepeatedKey<T, Status extends 200 | 201 | 202>(
  c: Context<AppEnv>,
  claim: Exclude<IdempotencyClaim, { kind: "new" }>,
  firstAnswer: { schema: z.ZodType<T>; status: Status; statusOf?: (answer: T) => Status },
  what: string,
) {
  switch (claim.kind) {
    case "replay": {
      c.header("idempotent-replayed", "true");
      const answer = firstAnswer.schema.parse(claim.response);
      return c.json(answer, firstAnswer.statusOf?.(answer) ?? firstAnswer.status);
    }
    case "conflict":
      return refuse(c, 422, "idempotency_conflict", `This Idempotency-Key was already used for a different ${what}`);
    case "in_progress":
      return refuse(c, 409, "request_in_progress", `This ${what} is still in progress: repeat the request in a moment`, 1);
  }
}
