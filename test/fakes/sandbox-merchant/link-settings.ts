import { Hono } from "hono";
import { LinkSettings } from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";

/** What members must enter besides their number; stored so the dev endpoint can switch it. */
export function readLinkSettings(db: MerchantDatabase): LinkSettings {
  const settings = db.row("SELECT link_second_factor AS secondFactor FROM merchant_settings", [], LinkSettings);
  if (settings === null) throw new Error("merchant_settings has no row: the database was not seeded");
  return settings;
}

/** GET /v1/link-settings */
export function linkSettingsRoutes(db: MerchantDatabase) {
  return new Hono().get("/", (c) => c.json(readLinkSettings(db), 200));
}
