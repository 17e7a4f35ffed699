import { Hono } from "hono";
import { z } from "zod";
import { LinkSettings, type StaffSettings } from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";

/** What members must enter besides their number; stored so the dev endpoint can switch it. */
export function readLinkSettings(db: MerchantDatabase): LinkSettings {
  const settings = db.row("SELECT link_second_factor AS secondFactor FROM merchant_settings", [], LinkSettings);
  if (settings === null) throw new Error("merchant_settings has no row: the database was not seeded");
  return settings;
}

const StaffSettingsRow = z.object({
  maxPurchaseYenPerAward: z.number(),
  maxPurchaseYenPerScan: z.number(),
  maxRedeemPointsPerAction: z.number(),
  maxRedeemPointsPerScan: z.number(),
});

/** GET /v1/staff-settings: the caps the BFF puts on staff actions. */
export function readStaffSettings(db: MerchantDatabase): StaffSettings {
  const row = db.row(
    `SELECT max_purchase_yen_per_award AS maxPurchaseYenPerAward, max_purchase_yen_per_scan AS maxPurchaseYenPerScan,
            max_redeem_points_per_action AS maxRedeemPointsPerAction, max_redeem_points_per_scan AS maxRedeemPointsPerScan
     FROM merchant_settings`,
    [],
    StaffSettingsRow,
  );
  if (row === null) throw new Error("merchant_settings has no row: the database was not seeded");
  return { points: row };
}

/** GET /v1/link-settings */
export function linkSettingsRoutes(db: MerchantDatabase) {
  return new Hono().get("/", (c) => c.json(readLinkSettings(db), 200));
}
