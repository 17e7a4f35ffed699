import { Hono } from "hono";
import {
  SaveSegmentRequest,
  SegmentCountRequest,
  SegmentParams,
  type SavedSegment,
  type SegmentCountResponse,
  type SegmentListResponse,
} from "../../../shared/console-segments.ts";
import { recordConsoleAction } from "../../console/audit.ts";
import {
  countSegment,
  deleteSegment,
  findSavedSegment,
  listSavedSegments,
  loadSavedSegment,
  saveSegment,
} from "../../console/segments.ts";
import type { AppEnv } from "../../env.ts";
import { refuse } from "../../lib/refuse.ts";
import { validate } from "../../lib/validate.ts";

/**
 * /api/console/segments: saved segments and live counts. Mounted behind the console's admin
 * guard (bff/routes/console/index.ts); every write is in the console's audit log.
 */
export const segmentRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const body: SegmentListResponse = { segments: await listSavedSegments(c.env.DB) };
    return c.json(body, 200);
  })
  .post("/count", validate("json", SegmentCountRequest), async (c) => {
    const { definition } = c.req.valid("json");
    const body: SegmentCountResponse = await countSegment({ db: c.env.DB, merchant: c.get("merchant") }, definition);
    return c.json(body, 200);
  })
  .get("/:segmentId", validate("param", SegmentParams), async (c) => {
    const { segmentId } = c.req.valid("param");
    const segment = await findSavedSegment(c.env.DB, segmentId);
    if (!segment) return refuse(c, 404, "not_found", "No such segment");
    const body: SavedSegment = segment;
    return c.json(body, 200);
  })
  .get("/:segmentId/count", validate("param", SegmentParams), async (c) => {
    const { segmentId } = c.req.valid("param");
    const segment = await loadSavedSegment(c.env.DB, segmentId);
    if (!segment) return refuse(c, 404, "not_found", "No such segment");
    const body: SegmentCountResponse = await countSegment({ db: c.env.DB, merchant: c.get("merchant") }, segment.definition);
    return c.json(body, 200);
  })
  .put("/:segmentId", validate("param", SegmentParams), validate("json", SaveSegmentRequest), async (c) => {
    const { segmentId } = c.req.valid("param");
    const { name, definition } = c.req.valid("json");
    const staff = c.get("staff");
    const { created } = await saveSegment(c.env.DB, { segmentId, name, definition }, staff.name);
    await recordConsoleAction(c.env.DB, staff, { action: "segment.save", target: segmentId, detail: { created } });
    const saved = await findSavedSegment(c.env.DB, segmentId);
    if (!saved) throw new Error(`segment ${segmentId} vanished after saving`);
    const body: SavedSegment = saved;
    return c.json(body, created ? 201 : 200);
  })
  .delete("/:segmentId", validate("param", SegmentParams), async (c) => {
    const { segmentId } = c.req.valid("param");
    if (!(await deleteSegment(c.env.DB, segmentId))) return refuse(c, 404, "not_found", "No such segment");
    await recordConsoleAction(c.env.DB, c.get("staff"), { action: "segment.delete", target: segmentId });
    return c.body(null, 204);
  });
