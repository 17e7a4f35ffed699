import { z } from "zod";
import { ConsoleMessage } from "./console-message.ts";

// Scenarios (step delivery) in the merchant console, /api/console/scenarios: a trigger, and
// steps each sent a delay after the trigger or the previous step, once per member per occurrence.

/** What enrolls a member: becoming a friend, a link, a registration, a first order, a purchase gap, the birthday month, points about to expire. */
export const ScenarioTrigger = z.enum([
  "followed",
  "linked",
  "registered",
  "first_order",
  "no_purchase",
  "birthday_month",
  "points_expiring",
]);
export type ScenarioTrigger = z.infer<typeof ScenarioTrigger>;

export const ScenarioId = z.string().regex(/^scn_[A-Za-z0-9]{8,40}$/, "A scenario id");
export const ScenarioStepId = z.string().regex(/^stp_[A-Za-z0-9]{8,40}$/, "A step id");
export const ScenarioParams = z.object({ scenarioId: ScenarioId });

const UNIT_MINUTES = { minutes: 1, hours: 60, days: 24 * 60 } as const;
/** A step waits at most a year. */
const MAX_DELAY_MINUTES = 366 * 24 * 60;

export const ScenarioDelay = z
  .object({
    amount: z.number().int().min(0).max(MAX_DELAY_MINUTES),
    unit: z.enum(["minutes", "hours", "days"]),
    /** Counted from the trigger, or from when the previous step was due. */
    from: z.enum(["trigger", "previous"]),
    /** Optionally at this Japan time on the day the delay lands on ("10:00"). */
    atTime: z
      .string()
      .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "HH:MM")
      .optional(),
  })
  .refine((delay) => delay.amount * UNIT_MINUTES[delay.unit] <= MAX_DELAY_MINUTES, {
    message: "At most a year",
    path: ["amount"],
  });
export type ScenarioDelay = z.infer<typeof ScenarioDelay>;

export const ScenarioStepInput = z.object({
  /** An existing step's id keeps its results and who already got it; none: a new step. */
  stepId: ScenarioStepId.optional(),
  delay: ScenarioDelay,
  message: ConsoleMessage.refine((message) => message.couponDefinitionId === undefined, {
    message: "Scenario steps cannot grant coupons yet",
    path: ["couponDefinitionId"],
  }),
});

/** POST /api/console/scenarios and PUT /api/console/scenarios/:scenarioId. */
export const ScenarioInput = z
  .object({
    name: z.string().trim().min(1, "Required").max(80),
    trigger: ScenarioTrigger,
    /** no_purchase only: the days without a purchase that enroll a member. */
    triggerDays: z.number().int().min(1).max(365).optional(),
    steps: z.array(ScenarioStepInput).min(1, "At least one step").max(20),
  })
  .refine((input) => (input.trigger === "no_purchase") === (input.triggerDays !== undefined), {
    message: "Days without a purchase: required for that trigger, and only for it",
    path: ["triggerDays"],
  })
  .refine(
    (input) =>
      new Set(input.steps.flatMap((step) => step.stepId ?? [])).size === input.steps.filter((step) => step.stepId).length,
    {
      message: "A step appears twice",
      path: ["steps"],
    },
  );
export type ScenarioInput = z.infer<typeof ScenarioInput>;

/** What a step did: recorded for sending, accepted by LINE, failed (or the member blocked first), unique clickers. */
export const ScenarioStepResults = z.object({
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  /** Recorded but not yet confirmed by LINE. */
  pending: z.number().int(),
  uniqueClicks: z.number().int(),
});
export type ScenarioStepResults = z.infer<typeof ScenarioStepResults>;

export const ScenarioStep = z.object({
  stepId: ScenarioStepId,
  delay: ScenarioDelay,
  message: ConsoleMessage,
  results: ScenarioStepResults,
});
export type ScenarioStep = z.infer<typeof ScenarioStep>;

export const Scenario = z.object({
  scenarioId: ScenarioId,
  name: z.string(),
  trigger: ScenarioTrigger,
  triggerDays: z.number().int().nullable(),
  state: z.enum(["running", "paused"]),
  /** Members between their trigger and their last step. */
  waiting: z.number().int(),
  steps: z.array(ScenarioStep),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Scenario = z.infer<typeof Scenario>;

export const ScenarioListResponse = z.object({ scenarios: z.array(Scenario) });
export type ScenarioListResponse = z.infer<typeof ScenarioListResponse>;
