import { Hono } from "hono";
import type { HealthResponse } from "../../shared/api";
import type { AppEnv } from "../env";

export const healthRoutes = new Hono<AppEnv>().get("/", (c) =>
  c.json({ status: "ok", time: new Date().toISOString() } satisfies HealthResponse, 200),
);
