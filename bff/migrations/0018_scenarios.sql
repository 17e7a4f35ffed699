-- Scenarios (step delivery): a trigger (followed, linked, registered, first order, N days without
-- a purchase, birthday month, points expiring) and ordered steps, each a delay and a message.
-- A member enters a scenario once per trigger occurrence (an enrollment) and gets each step at
-- most once (a send, unique per step and enrollment). The cron plans due steps into the outbox.

-- The merchant's scenarios. Retention: kept while the merchant keeps them (a handful of rows).
CREATE TABLE scenarios (
  scenario_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN
    ('followed', 'linked', 'registered', 'first_order', 'no_purchase', 'birthday_month', 'points_expiring')),
  trigger_days INTEGER,              -- no_purchase: the days without a purchase; NULL otherwise
  state TEXT NOT NULL CHECK (state IN ('running', 'paused')),
  enrolling_since INTEGER NOT NULL,  -- epoch ms of the creation or the last resume: time-based triggers count from here
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A scenario's steps in order. A step removed in the editor keeps its row (removed_at set) so
-- its sends and results stay; it is never sent again.
CREATE TABLE scenario_steps (
  step_id TEXT PRIMARY KEY,
  scenario_id TEXT NOT NULL REFERENCES scenarios (scenario_id),
  position INTEGER NOT NULL,
  delay_amount INTEGER NOT NULL,
  delay_unit TEXT NOT NULL CHECK (delay_unit IN ('minutes', 'hours', 'days')),
  delay_from TEXT NOT NULL CHECK (delay_from IN ('trigger', 'previous')),
  at_time TEXT,                      -- "HH:MM" Japan time, or NULL for the delay alone
  message TEXT NOT NULL,             -- ConsoleMessage JSON (shared/console-message.ts)
  removed_at INTEGER
);
CREATE INDEX scenario_steps_by_scenario ON scenario_steps (scenario_id, position);

-- One member in one scenario for one occurrence of its trigger (a follow event, a link, a year's
-- birthday month, a purchase gap). anchor_at is when the last step sent was due (the trigger at
-- first): "after the previous step" counts from it. next_due_at is when the cron looks again.
-- Retention: finished or stopped ones 400 days after they began (the results of a year);
-- waiting ones are kept.
CREATE TABLE scenario_enrollments (
  enrollment_id INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario_id TEXT NOT NULL REFERENCES scenarios (scenario_id),
  line_user_id TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,      -- epoch ms of the trigger
  anchor_at INTEGER NOT NULL,
  next_due_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'done', 'stopped')),
  stopped_reason TEXT,               -- 'unfollowed', or 'purchased' (a purchase-gap scenario)
  created_at INTEGER NOT NULL,
  UNIQUE (scenario_id, line_user_id, occurrence_key)
);
CREATE INDEX scenario_enrollments_due ON scenario_enrollments (state, next_due_at);
CREATE INDEX scenario_enrollments_by_user ON scenario_enrollments (line_user_id, state);
CREATE INDEX scenario_enrollments_by_age ON scenario_enrollments (created_at);

-- A step planned into the outbox for one enrollment: at most one per step and enrollment, so
-- overlapping cron runs, retries and redelivered events send nothing twice. outcome copies the
-- delivery's final state once known (deliveries are pruned after 30 days; results stay).
-- Retention: with their enrollment (400 days).
CREATE TABLE scenario_sends (
  enrollment_id INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  delivery_id TEXT NOT NULL,         -- scenario:<scenarioId>:<stepId>:<lineUserId>:<occurrence>
  planned_at INTEGER NOT NULL,
  outcome TEXT CHECK (outcome IN ('sent', 'dead', 'cancelled')),
  PRIMARY KEY (enrollment_id, step_id)
);
CREATE INDEX scenario_sends_by_step ON scenario_sends (step_id);
CREATE INDEX scenario_sends_unsettled ON scenario_sends (outcome, planned_at);

-- The last purchase the BFF learned of per LINE user (an order placed through the app, an order
-- event from the merchant), for "N days without a purchase". Retention: 400 days after it.
CREATE TABLE scenario_purchases (
  line_user_id TEXT PRIMARY KEY,
  last_purchase_at INTEGER NOT NULL  -- epoch ms
);
CREATE INDEX scenario_purchases_by_time ON scenario_purchases (last_purchase_at);

-- Monthly passes over the merchant's birthday candidates: where the pass got to and when it
-- finished, so later ticks of the 1st resume or skip. One row a month: kept.
CREATE TABLE scenario_job_runs (
  job TEXT NOT NULL,
  period TEXT NOT NULL,              -- "2027-02": the Japan month
  cursor TEXT,
  completed_at INTEGER,
  PRIMARY KEY (job, period)
);
