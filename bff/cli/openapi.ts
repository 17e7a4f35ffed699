// Writes the merchant contract as OpenAPI 3.1: `npm run openapi`. A test fails when the
// committed document no longer matches the schemas.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildMerchantOpenApi } from "../../shared/openapi.ts";

export const merchantOpenApiPath = fileURLToPath(new URL("../../shared/merchant-contract.openapi.json", import.meta.url));

export function renderMerchantOpenApi(): string {
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return `${JSON.stringify(buildMerchantOpenApi(version), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(merchantOpenApiPath, renderMerchantOpenApi());
  console.log(`wrote ${merchantOpenApiPath}`);
}
