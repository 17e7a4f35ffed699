import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { merchantOpenApiPath, renderMerchantOpenApi } from "../../bff/cli/openapi.ts";
import { ErrorCode } from "../../shared/errors.ts";
import {
  answersOf,
  isIdempotent,
  MerchantEvent,
  merchantOperations,
  operationErrorCodes,
  type MerchantOperation,
} from "../../shared/merchant-contract.ts";
import { MERCHANT_CONTRACT_VERSION, merchantContractChangelog } from "../../shared/merchant-contract-guide.ts";

const doc = JSON.parse(renderMerchantOpenApi());
const operations = merchantOperations as readonly MerchantOperation[];
const documented = (op: MerchantOperation) => doc.paths[op.path][op.method];

describe("the published merchant contract (OpenAPI)", () => {
  it("is up to date with the zod schemas (run `npm run openapi` after changing them)", () => {
    expect(readFileSync(merchantOpenApiPath, "utf8")).toBe(renderMerchantOpenApi());
  });

  it("documents every operation with its answers and resolvable schema references", () => {
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.split("/").pop()!);
    for (const op of operations) {
      expect(documented(op).operationId).toBe(op.operationId);
      expect(Object.keys(documented(op).responses).map(Number)).toEqual(answersOf(op).map((r) => r.status));
    }
    expect(doc.components.securitySchemes.merchantApiKey).toEqual({ type: "http", scheme: "bearer" });
  });

  it("lists 400 bad_request and 401 unauthorized on every operation, and the codes of every error answer", () => {
    for (const op of operations) {
      const { responses } = documented(op);
      expect(responses["400"]["x-error-codes"]).toContain("bad_request");
      expect(responses["401"]["x-error-codes"]).toEqual(["unauthorized"]);
      for (const [status, answer] of Object.entries<{ "x-error-codes"?: string[] }>(responses)) {
        if (Number(status) < 400) continue;
        expect(answer["x-error-codes"]?.length, `${op.operationId} ${status}`).toBeGreaterThan(0);
        expect(answer["x-error-codes"]).toEqual(
          operationErrorCodes[op.operationId as keyof typeof operationErrorCodes][Number(status)],
        );
        for (const code of answer["x-error-codes"]!) expect(ErrorCode.options).toContain(code);
      }
    }
    // What the BFF relies on: a stale cursor on the customer's lists is a 400 the app recovers from.
    expect(operationErrorCodes.listPointHistory[400]).toEqual(["bad_request"]);
    expect(operationErrorCodes.listOrders[400]).toEqual(["bad_request"]);
    expect(operationErrorCodes.createOrder[422]).toEqual([
      "items_unavailable",
      "price_changed",
      "fulfilment_unavailable",
      "idempotency_conflict",
    ]);
    expect(doc.info.description).toMatch(/code outside the operation's list is off the contract, and the customer gets 502/);
  });

  it("points every idempotent operation at the one Idempotency section, which answers each question", () => {
    const idempotent = operations.filter(isIdempotent);
    expect(idempotent.map((op) => op.operationId)).toContain("cancelReservation");
    for (const op of idempotent) {
      expect(documented(op).description).toMatch(/see the Idempotency section/);
      expect(documented(op)["x-idempotent"]).toBe(true);
      expect(documented(op).responses["409"]["x-error-codes"]).toContain("request_in_progress");
      expect(documented(op).responses["422"]["x-error-codes"]).toContain("idempotency_conflict");
    }
    const section = doc.info.description.split("## Idempotency")[1].split("\n## ")[0] as string;
    for (const topic of [
      "**Scope**",
      "**The same request**",
      "**What is kept**",
      "**In flight**",
      "without a body",
      "u1_",
      "24 hours",
    ]) {
      expect(section).toContain(topic);
    }
  });

  it("documents each merchant event as a signed webhook, with when to send it and when not", () => {
    const types = MerchantEvent.options.map((option) => option.shape.type.value);
    expect(Object.keys(doc.webhooks).sort()).toEqual([...types].sort());
    for (const type of types) {
      const hook = doc.webhooks[type].post;
      expect(hook.parameters.map((p: { name: string }) => p.name)).toEqual(["x-merchant-timestamp", "x-merchant-signature"]);
      expect(hook.description).toMatch(/\*\*Send\*\*/);
      expect(hook.description).toMatch(/\*\*Do not send\*\*/);
      expect(Object.keys(hook.responses)).toEqual(["202", "400", "401", "404", "413", "5XX"]);
    }
    expect(doc.webhooks["points.changed"].post.description).toMatch(/createPointTransaction and voidStaffAction/);
    expect(doc.webhooks["coupon.granted"].post.description).toMatch(/grantCoupon/);
  });

  it("documents the account-link page the merchant hosts, and that consuming a nonce does not link", () => {
    const page = doc.paths["/line/account-link"];
    expect(page.get["x-hosted-by"]).toBe("merchant");
    expect(page.post.responses["303"].headers.Location.example).toMatch(
      /^https:\/\/access\.line\.me\/dialog\/bot\/accountLink\?linkToken=.+&nonce=/,
    );
    expect(doc.info.description).toMatch(/\*\*Consuming a nonce must not create the link\.\*\*/);
  });

  it("has its own semver version, the newest changelog entry's, also in docs/merchant-contract-changelog.md", () => {
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.info.version).toBe(MERCHANT_CONTRACT_VERSION);
    expect(merchantContractChangelog[0]!.version).toBe(MERCHANT_CONTRACT_VERSION);
    const changelog = readFileSync(new URL("../../docs/merchant-contract-changelog.md", import.meta.url), "utf8");
    for (const { version } of merchantContractChangelog) expect(changelog).toContain(`## ${version}`);
  });
});
