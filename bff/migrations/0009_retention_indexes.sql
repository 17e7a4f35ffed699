-- The retention job deletes failure budgets a day after their day began (index for it).
CREATE INDEX auth_failures_by_day ON auth_failures (day_started_at);
