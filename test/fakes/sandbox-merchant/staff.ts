import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { LineUserId, Store, type StaffRecord } from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { validPathParams } from "./validation.ts";

const StaffRow = z.object({ staffId: z.string(), name: z.string(), role: z.string() });

/** GET /v1/staff/by-line-user/:lineUserId */
export function staffRoutes(db: MerchantDatabase) {
  return new Hono().get("/by-line-user/:lineUserId", validPathParams(z.object({ lineUserId: LineUserId })), (c) => {
    const staff = db.row(
      "SELECT staff_id AS staffId, name, role FROM staff WHERE line_user_id = ?",
      [c.req.valid("param").lineUserId],
      StaffRow,
    );
    if (staff === null) return c.json(errorBody("not_found", "This LINE user is not staff"), 404);
    const stores = db.rows(
      `SELECT stores.store_id AS storeId, stores.name AS name
       FROM staff_stores JOIN stores ON stores.store_id = staff_stores.store_id
       WHERE staff_stores.staff_id = ? ORDER BY stores.rowid`,
      [staff.staffId],
      Store,
    );
    // The sandbox's own roles: an admin opens the console; a manager is register staff to the BFF.
    const record: StaffRecord = {
      staffId: staff.staffId,
      name: staff.name,
      stores,
      ...(staff.role === "admin" ? { roles: ["admin"] } : {}),
    };
    return c.json(record, 200);
  });
}
