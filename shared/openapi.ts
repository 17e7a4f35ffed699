import { z } from "zod";
import type { ErrorCode } from "./errors.ts";
import {
  answersOf,
  isIdempotent,
  MERCHANT_HOOK_TOLERANCE_SECONDS,
  merchantOperations,
  type MerchantOperation,
} from "./merchant-contract.ts";
import { merchantEventExamples, merchantOperationExamples } from "./merchant-contract-examples.ts";
import {
  MERCHANT_CONTRACT_VERSION,
  merchantContractChangelog,
  merchantContractGuide,
  merchantEventRules,
} from "./merchant-contract-guide.ts";

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** The reference page's groups, in the order it shows them. */
const TAGS: ReadonlyArray<{ name: string; description: string; operations: readonly string[] }> = [
  {
    name: "Linking",
    description: "Linking a LINE user to a membership: settings, credentials, links, joining. See also Account-link page.",
    operations: [
      "getLinkSettings",
      "authenticateMember",
      "requestOneTimeCode",
      "getLineLink",
      "putLineLink",
      "deleteLineLink",
      "registerMember",
      "listLineLinks",
      "consumeAccountLinkNonce",
      "getMemberLineLink",
    ],
  },
  {
    name: "Members and staff",
    description: "A member's summary, and the staff screen's records and caps",
    operations: ["getMemberSummary", "getMemberByNumber", "getStaffSettings", "getStaffByLineUser"],
  },
  {
    name: "Points",
    description: "One ledger per member; awards, redemptions and check-ins at the register, and their voids",
    operations: [
      "previewPointAward",
      "createPointTransaction",
      "createCheckIn",
      "voidStaffAction",
      "getPoints",
      "listPointHistory",
      "listPointsExpiryCandidates",
    ],
  },
  {
    name: "Orders",
    description: "Orders online and in store, reorders",
    operations: ["listOrders", "getOrder", "previewReorder", "createOrder"],
  },
  {
    name: "Reservations",
    description: "Stores, services, slots and a member's reservations (see the Reservations section)",
    operations: [
      "getReservationSettings",
      "listReservableStores",
      "listReservationServices",
      "listReservationSlots",
      "listReservations",
      "getReservation",
      "createReservation",
      "changeReservation",
      "cancelReservation",
      "listReminderCandidates",
    ],
  },
  {
    name: "Coupons",
    description: "The catalogue, a member's coupons, grants and redemptions",
    operations: [
      "listCouponCatalogue",
      "listMemberCoupons",
      "getMemberCoupon",
      "grantCoupon",
      "listBirthdayCandidates",
      "redeemCoupon",
      "voidCouponRedemption",
    ],
  },
  { name: "Segments", description: "The console's segments", operations: ["evaluateSegment"] },
];
const ACCOUNT_LINK_TAG = "Account-link page";

const errorExample = (code: ErrorCode, description: string) => ({
  summary: code,
  value: { error: { code, message: description.length > 160 ? `${description.slice(0, 157)}…` : description } },
});

/** The operation's own description: what holds for it beyond its summary, pointing at the document's sections. */
function describe(op: MerchantOperation): string | undefined {
  const parts: string[] = [];
  if (isIdempotent(op)) {
    parts.push(
      "**Idempotent** (see the Idempotency section): the same Idempotency-Key with the same request answers the first " +
        "answer and does nothing again; with another request, 422 idempotency_conflict. Successes are kept at least 24 " +
        "hours; refusals are not kept.",
    );
  }
  if (op.paging) {
    parts.push(
      `**Paged** (see the Pagination section): limit defaults to ${op.paging.defaultLimit}, at most ` +
        `${op.paging.maxLimit} (more is 400 bad_request); order: ${op.paging.order}; a cursor the merchant cannot read ` +
        "is 400 bad_request.",
    );
  }
  parts.push("Error codes: each answer lists its `x-error-codes`; any other code is off the contract (the customer gets 502).");
  return parts.join("\n\n");
}

/** Builds the OpenAPI 3.1 document of the merchant contract from its zod schemas and its guide. */
export function buildMerchantOpenApi(): Record<string, unknown> {
  // Every schema registered with an id (`.meta({ id })`) becomes a named component.
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: "draft-2020-12",
    io: "input",
    uri: componentRef,
    unrepresentable: "throw",
  });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.id;
    delete schema.$id;
  }
  const schemaOf = (schema: z.ZodType) => {
    const id = z.globalRegistry.get(schema)?.id;
    if (!id) throw new Error("every schema in a merchant operation needs .meta({ id })");
    return { $ref: componentRef(id) };
  };
  const tagOf = (operationId: string) => {
    const tag = TAGS.find((candidate) => candidate.operations.includes(operationId));
    if (!tag) throw new Error(`${operationId} has no tag in shared/openapi.ts`);
    return tag.name;
  };

  const operations = merchantOperations as readonly MerchantOperation[];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const example = merchantOperationExamples[op.operationId as keyof typeof merchantOperationExamples];
    const parameters = [
      ...Object.entries(op.pathParams ?? {}).map(([name, schema]) => ({
        name,
        in: "path",
        required: true,
        schema: schemaOf(schema),
      })),
      ...Object.entries(op.headerParams ?? {}).map(([name, schema]) => ({
        name,
        in: "header",
        required: !schema.safeParse(undefined).success,
        schema: schemaOf(schema),
        ...(name === "Idempotency-Key"
          ? { description: "See the Idempotency section", example: "3f1c9a7e-5b2d-4e8f-9a61-0c7d2b4e8f13" }
          : {}),
      })),
      ...Object.entries(op.queryParams ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: !schema.safeParse(undefined).success,
        schema: schemaOf(schema),
      })),
    ];
    const responses = Object.fromEntries(
      answersOf(op).map((answer) => {
        const examples =
          answer.codes !== undefined
            ? { examples: Object.fromEntries(answer.codes.map((code) => [code, errorExample(code, answer.description)])) }
            : answer.status === example.response.status && example.response.body !== undefined
              ? { example: example.response.body }
              : {};
        return [
          String(answer.status),
          {
            description: answer.codes
              ? `${answer.description}\n\nCodes: ${answer.codes.map((code) => `\`${code}\``).join(", ")}`
              : answer.description,
            ...(answer.codes ? { "x-error-codes": answer.codes } : {}),
            ...(answer.body ? { content: { "application/json": { schema: schemaOf(answer.body), ...examples } } } : {}),
          },
        ];
      }),
    );
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.operationId,
      tags: [tagOf(op.operationId)],
      summary: op.summary,
      description: describe(op),
      ...(isIdempotent(op) ? { "x-idempotent": true } : {}),
      ...(op.paging ? { "x-paging": op.paging } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.requestBody
        ? {
            requestBody: {
              required: !op.requestBody.safeParse(undefined).success,
              // An optional body (`.optional()`) is documented as its inner schema, not required.
              content: {
                "application/json": {
                  schema: schemaOf(
                    op.requestBody instanceof z.ZodOptional ? (op.requestBody.unwrap() as z.ZodType) : op.requestBody,
                  ),
                  ...(example.request !== undefined ? { example: example.request } : {}),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }

  // The login page the merchant hosts for LINE's account link (its URL is MERCHANT_ACCOUNT_LINK_URL).
  paths["/line/account-link"] = accountLinkPagePaths();

  const idempotent = operations.filter(isIdempotent).map((op) => op.operationId);
  const paged = operations.flatMap((op) => (op.paging ? [{ operationId: op.operationId, ...op.paging }] : []));

  return {
    openapi: "3.1.0",
    info: {
      title: "LINE membership: merchant contract",
      version: MERCHANT_CONTRACT_VERSION,
      description: merchantContractGuide(paged, idempotent),
    },
    "x-changelog": merchantContractChangelog,
    tags: [
      ...TAGS.map(({ name, description }) => ({ name, description })),
      { name: ACCOUNT_LINK_TAG, description: "A browser page the merchant hosts; see the Account-link page section" },
    ],
    security: [{ merchantApiKey: [] }],
    paths,
    webhooks: Object.fromEntries(
      merchantEventRules.map((rule) => [
        rule.type,
        {
          post: {
            operationId: `send_${rule.type.replace(".", "_")}`,
            summary: rule.summary,
            description: `**Send**: ${rule.send}\n\n**Do not send**: ${rule.doNotSend}\n\nPOST it to \`{BFF}/hooks/merchant\`, signed; see the Events section for the answers and retries.`,
            security: [],
            parameters: [
              {
                name: "x-merchant-timestamp",
                in: "header",
                required: true,
                description: `Unix seconds when this delivery was signed; refused (401) more than ${MERCHANT_HOOK_TOLERANCE_SECONDS} s from the BFF's clock`,
                schema: { type: "string", pattern: "^[0-9]{1,12}$" },
                example: "1764550800",
              },
              {
                name: "x-merchant-signature",
                in: "header",
                required: true,
                description:
                  '`v1=` and the hex HMAC-SHA256 of `"<timestamp>.<raw body>"`, keyed with the shared secret (MERCHANT_HOOK_SECRET); a fresh one on every retry. While the secret is rotated, send one `v1=` value per secret, comma-separated',
                schema: { type: "string", pattern: "^v1=[0-9a-f]{64}(,\\s*v1=[0-9a-f]{64})*$" },
              },
            ],
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: schemaOf(rule.schema),
                  example: merchantEventExamples[rule.type as keyof typeof merchantEventExamples],
                },
              },
            },
            responses: {
              "202": {
                description: "Recorded (duplicate: true when this eventId was handled before): done, do not retry",
                content: {
                  "application/json": {
                    schema: { $ref: componentRef("MerchantEventReceipt") },
                    example: {
                      eventId: merchantEventExamples[rule.type as keyof typeof merchantEventExamples].eventId,
                      duplicate: false,
                    },
                  },
                },
              },
              "400": hookError("bad_request", "The body is not a MerchantEvent: fix it, do not retry it as is"),
              "401": hookError("unauthorized", "Missing or wrong signature, or a stale timestamp: fix the signing or the clock"),
              "404": hookError(
                "not_linked",
                "The member is unknown or not linked to LINE (code not_linked), or the coupon is not the member's (not_found): nobody to tell, do not retry",
                ["not_linked", "not_found"],
              ),
              "413": hookError("bad_request", "The body is over 64 KiB"),
              "5XX": { description: "Not recorded: retry with the same eventId and a fresh timestamp and signature" },
            },
          },
        },
      ]),
    ),
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { merchantApiKey: { type: "http", scheme: "bearer" } },
    },
  };
}

function hookError(code: ErrorCode, description: string, codes: readonly ErrorCode[] = [code]) {
  return {
    description,
    "x-error-codes": codes,
    content: {
      "application/json": {
        schema: { $ref: componentRef("ErrorBody") },
        example: { error: { code, message: description } },
      },
    },
  };
}

function accountLinkPagePaths(): Record<string, unknown> {
  const common = {
    tags: [ACCOUNT_LINK_TAG],
    "x-hosted-by": "merchant",
    security: [],
  };
  const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });
  return {
    get: {
      ...common,
      operationId: "accountLinkPage",
      summary: "The login page LINE's account-link flow opens (at MERCHANT_ACCOUNT_LINK_URL; the sandbox serves it here)",
      description:
        "Opened in the customer's browser from the BFF's chat message. Shows the member number and the second factor of " +
        "getLinkSettings. Send Cache-Control: no-store, Referrer-Policy: no-referrer and Content-Security-Policy: " +
        "frame-ancestors 'none' (LINE's link token is in the URL). See the Account-link page section.",
      parameters: [
        {
          name: "linkToken",
          in: "query",
          required: true,
          description: "LINE's link token for this LINE user, opaque; keep it for the redirect back to LINE",
          schema: { type: "string", pattern: "^[A-Za-z0-9._~-]{8,512}$" },
          example: "NMZTNuVrPTqlr2IF8Bnymkb7rXfYv5EY",
        },
      ],
      responses: {
        "200": html("The login form"),
        "400": html("No linkToken, or not one LINE could have made: nothing to return to LINE with"),
      },
    },
    post: {
      ...common,
      operationId: "accountLinkLogin",
      summary: "The login form's POST: on the right credentials, a single-use nonce and the redirect to LINE",
      description:
        "Checks the credentials as authenticateMember does. On success it makes a nonce for the member (at least 128 " +
        "random bits, single use, 10 minutes) and redirects (303) to " +
        "`https://access.line.me/dialog/bot/accountLink?linkToken=<linkToken>&nonce=<nonce>`. **It does not link**, and " +
        "neither does consumeAccountLinkNonce: the link exists only once LINE's accountLink event with result ok reached " +
        "the BFF and the BFF called putLineLink.",
      requestBody: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": {
            schema: {
              type: "object",
              required: ["linkToken", "memberNumber"],
              properties: {
                linkToken: { type: "string", description: "As the page got it" },
                memberNumber: { type: "string" },
                pin: { type: "string", description: "With secondFactor pin" },
                birthDate: { type: "string", description: "With secondFactor birthDate (YYYY-MM-DD)" },
                otp: { type: "string", description: "With secondFactor otp" },
              },
            },
          },
        },
      },
      responses: {
        "303": {
          description: "To LINE's account-link dialog with the link token and the nonce",
          headers: {
            Location: {
              schema: { type: "string" },
              example: "https://access.line.me/dialog/bot/accountLink?linkToken=NMZTNuVrPTqlr2IF8Bnymkb7rXfYv5EY&nonce=Wq3J…",
            },
          },
        },
        "400": html("The form again: what was entered is not valid, or no linkToken"),
        "401": html("The form again: the member number or the second factor is wrong (one message for every failure)"),
      },
    },
  };
}
