import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { merchantOpenApiPath, renderMerchantOpenApi } from "../../bff/cli/openapi.ts";
import { merchantOperations } from "../../shared/merchant-contract.ts";

describe("the published merchant contract (OpenAPI)", () => {
  it("is up to date with the zod schemas (run `npm run openapi` after changing them)", () => {
    expect(readFileSync(merchantOpenApiPath, "utf8")).toBe(renderMerchantOpenApi());
  });

  it("documents every operation with its answers and resolvable schema references", () => {
    const doc = JSON.parse(renderMerchantOpenApi());
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.split("/").pop()!);
    for (const op of merchantOperations) {
      const documented = doc.paths[op.path][op.method];
      expect(documented.operationId).toBe(op.operationId);
      expect(
        Object.keys(documented.responses)
          .map(Number)
          .sort((a, b) => a - b),
      ).toEqual(op.responses.map((r) => r.status).sort((a, b) => a - b));
    }
    expect(doc.components.securitySchemes.merchantApiKey).toEqual({ type: "http", scheme: "bearer" });
  });
});
