import { Hono } from "hono";
import type { HealthResponse } from "../../shared/api.ts";
import type { AppEnv } from "../env.ts";

export const healthRoutes = new Hono<AppEnv>().get("/", (c) =>
  c.json({ status: "ok", time: new Date().toISOString() } satisfies HealthResponse, 200),
);
