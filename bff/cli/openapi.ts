// Writes the merchant contract as OpenAPI 3.1: `npm run openapi`. A test fails when the
// committed document no longer matches the schemas.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildMerchantOpenApi } from "../../shared/openapi.ts";

export const merchantOpenApiPath = fileURLToPath(new URL("../../shared/merchant-contract.openapi.json", import.meta.url));

/** The document as committed; its info.version is the contract's own (MERCHANT_CONTRACT_VERSION), not the app's. */
export function renderMerchantOpenApi(): string {
  return `${JSON.stringify(buildMerchantOpenApi(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(merchantOpenApiPath, renderMerchantOpenApi());
  console.log(`wrote ${merchantOpenApiPath}`);
}
