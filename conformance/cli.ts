// The merchant conformance suite from the command line (docs/conformance.md):
//   npm run conformance -- --base-url <url> --api-key <key> [--fixtures <file>] [--json]
//                          [--only <operationId>[,…]] [--events <port> --events-secret <secret>]
// Exits 1 when a check fails, 2 on a usage error.
import { parseArgs } from "node:util";
import { loadFixtures } from "./fixtures.ts";
import { formatReport } from "./report.ts";
import { runConformance } from "./suite.ts";

const usage =
  "usage: npm run conformance -- --base-url <url> --api-key <key> [--fixtures <file>] [--json] " +
  "[--only <operationId>,…] [--events <port> --events-secret <secret> [--events-host <host>] [--events-timeout <ms>]]";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string" },
      "api-key": { type: "string" },
      fixtures: { type: "string" },
      json: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      events: { type: "string" },
      "events-secret": { type: "string" },
      "events-host": { type: "string" },
      "events-timeout": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const baseUrl = values["base-url"];
  const apiKey = values["api-key"] ?? process.env.MERCHANT_API_KEY;
  if (!baseUrl || !apiKey) {
    console.error(usage);
    return 2;
  }
  if (values.events !== undefined && !values["events-secret"]) {
    console.error("--events needs --events-secret (the secret the merchant signs events with)");
    return 2;
  }
  const fixtures = values.fixtures ? await loadFixtures(values.fixtures) : undefined;
  const only = (values.only ?? []).flatMap((value) => value.split(",")).filter(Boolean);
  const report = await runConformance({
    baseUrl,
    apiKey,
    fixtures,
    only,
    events:
      values.events === undefined
        ? undefined
        : {
            port: Number(values.events),
            secret: values["events-secret"]!,
            host: values["events-host"],
            timeoutMs: values["events-timeout"] === undefined ? undefined : Number(values["events-timeout"]),
          },
    // With --json, stdout is the report alone; progress (and which members are written to) goes to stderr.
    log: values.json ? (line) => console.error(line) : (line) => console.log(line),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : `\n${formatReport(report)}`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
