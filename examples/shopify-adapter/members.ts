import { Hono } from "hono";
import { z } from "zod";
import { MemberId, MemberNumber, MemberSummary } from "../../shared/merchant-contract.ts";
import { answer, notFound, validParams } from "./http.ts";
import { memberSummary, readCustomer, type LoyaltyConfig } from "./loyalty-customer.ts";
import type { ShopifyClient } from "./shopify-client.ts";

/** GET /v1/members/:memberId/summary and GET /v1/members/by-number/:memberNumber/summary */
export function memberRoutes(shopify: ShopifyClient, config: LoyaltyConfig) {
  return (
    new Hono()
      // The member number is the customer's numeric id too: the lookup is the same read.
      .get("/by-number/:memberNumber/summary", validParams(z.object({ memberNumber: MemberNumber })), async (c) => {
        const customer = await readCustomer(shopify, c.req.valid("param").memberNumber);
        if (customer === null) return notFound(c, "No such member");
        return answer(c, MemberSummary, memberSummary(customer, config), 200);
      })
      .get("/:memberId/summary", validParams(z.object({ memberId: MemberId })), async (c) => {
        const customer = await readCustomer(shopify, c.req.valid("param").memberId);
        if (customer === null) return notFound(c, "No such member");
        return answer(c, MemberSummary, memberSummary(customer, config), 200);
      })
  );
}
