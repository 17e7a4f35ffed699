import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../shared/errors.ts";
import { LineLink, LineUserId, MemberId, PutLineLinkRequest } from "../../shared/merchant-contract.ts";
import { answer, notFound, validJson, validParams } from "./http.ts";
import { lineLinkOf, readCustomer, readCustomerByLineUser } from "./loyalty-customer.ts";
import type { ShopifyClient } from "./shopify-client.ts";
import { LOYALTY_NAMESPACE, METAFIELDS_DELETE, METAFIELDS_SET } from "./shopify-documents.ts";

// A LINE link is the `loyalty.line_user_id` metafield of the customer, of type `id`: Shopify keeps
// its values unique (https://shopify.dev/docs/apps/build/metafields/working-with-custom-ids), so a
// LINE user already on another customer is refused by Shopify itself (TAKEN), and two links of
// one customer at once are refused by the compare-and-set (compareDigest null: "only if there is
// none yet", else STALE_OBJECT). Checking first and writing after would let both through.

const LineUserParams = z.object({ lineUserId: LineUserId });
const MemberParams = z.object({ memberId: MemberId });

const conflict = (message: string) => errorBody("conflict", message);

/** GET, PUT and DELETE /v1/line-links/:lineUserId */
export function lineLinkRoutes(shopify: ShopifyClient) {
  return new Hono()
    .get("/:lineUserId", validParams(LineUserParams), async (c) => {
      const customer = await readCustomerByLineUser(shopify, c.req.valid("param").lineUserId);
      const link = customer && lineLinkOf(customer);
      if (!link) return notFound(c, "This LINE user is not linked");
      return answer(c, LineLink, link, 200);
    })
    .put("/:lineUserId", validParams(LineUserParams), validJson(PutLineLinkRequest), async (c) => {
      const { lineUserId } = c.req.valid("param");
      const { memberId } = c.req.valid("json");
      const customer = await readCustomer(shopify, memberId);
      if (customer === null) return notFound(c, "No such member");
      const existing = lineLinkOf(customer);
      if (existing?.lineUserId === lineUserId) return answer(c, LineLink, existing, 200);
      if (existing) return c.json(conflict("This member is already linked to another LINE user"), 409);

      // To the second, as Shopify keeps a date_time: the link answered now is the link read later.
      const linkedAt = `${new Date().toISOString().slice(0, 19)}Z`;
      const { metafieldsSet } = await shopify.request(
        METAFIELDS_SET.name,
        METAFIELDS_SET.query,
        {
          metafields: [
            {
              ownerId: customer.id,
              namespace: LOYALTY_NAMESPACE,
              key: "line_user_id",
              type: "id",
              value: lineUserId,
              compareDigest: null,
            },
            { ownerId: customer.id, namespace: LOYALTY_NAMESPACE, key: "line_linked_at", type: "date_time", value: linkedAt },
          ],
        },
        METAFIELDS_SET.data,
      );
      const codes = metafieldsSet.userErrors.map((error) => error.code);
      if (codes.length === 0) return answer(c, LineLink, { lineUserId, memberId, linkedAt }, 200);
      if (codes.includes("TAKEN")) return c.json(conflict("This LINE user is already linked to another member"), 409);
      if (codes.includes("STALE_OBJECT")) {
        // Linked meanwhile: to this LINE user (a repeat, harmless) or to another.
        const now = await readCustomer(shopify, memberId);
        const link = now && lineLinkOf(now);
        if (link?.lineUserId === lineUserId) return answer(c, LineLink, link, 200);
        return c.json(conflict("This member is already linked to another LINE user"), 409);
      }
      throw new Error(`metafieldsSet refused the link: ${metafieldsSet.userErrors.map((error) => error.message).join("; ")}`);
    })
    .delete("/:lineUserId", validParams(LineUserParams), async (c) => {
      const customer = await readCustomerByLineUser(shopify, c.req.valid("param").lineUserId);
      if (customer === null) return notFound(c, "This LINE user is not linked");
      const { metafieldsDelete } = await shopify.request(
        METAFIELDS_DELETE.name,
        METAFIELDS_DELETE.query,
        {
          metafields: [
            { ownerId: customer.id, namespace: LOYALTY_NAMESPACE, key: "line_user_id" },
            { ownerId: customer.id, namespace: LOYALTY_NAMESPACE, key: "line_linked_at" },
          ],
        },
        METAFIELDS_DELETE.data,
      );
      if (metafieldsDelete.userErrors.length > 0) {
        throw new Error(
          `metafieldsDelete refused the unlink: ${metafieldsDelete.userErrors.map((error) => error.message).join("; ")}`,
        );
      }
      // Null for the LINE user id: unlinked meanwhile by another request.
      if (!metafieldsDelete.deletedMetafields?.[0]) return notFound(c, "This LINE user is not linked");
      return c.body(null, 204);
    });
}

/** GET /v1/members/:memberId/line-link */
export function memberLineLinkRoutes(shopify: ShopifyClient) {
  return new Hono().get("/:memberId/line-link", validParams(MemberParams), async (c) => {
    const customer = await readCustomer(shopify, c.req.valid("param").memberId);
    const link = customer && lineLinkOf(customer);
    if (!link) return notFound(c, "No such member, or the member is not linked");
    return answer(c, LineLink, link, 200);
  });
}
