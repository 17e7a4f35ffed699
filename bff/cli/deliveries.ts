// `npm run deliveries -- list|retry-dead [--url http://localhost:5173] [--env-file .dev.vars]`: the
// delivery pipeline from the command line, through the Worker's /ops routes. The token is OPS_TOKEN
// from the environment or .dev.vars (bff/cli/dev-settings.ts, as `npm run dev` reads them), else
// the one a running `npm run dev` printed and wrote to .wrangler/dev-fakes.json.
import { parseArgs } from "node:util";
import { DEFAULT_DEV_VARS_PATH, loadSettings, readDevFakesFile } from "./dev-settings.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { url: { type: "string" }, "env-file": { type: "string", default: DEFAULT_DEV_VARS_PATH } },
});
const command = positionals[0] ?? "list";
const settings = loadSettings({ env: process.env, envFile: values["env-file"] });
const running = readDevFakesFile();
const token = settings.OPS_TOKEN ?? running?.opsToken;
const baseUrl = values.url ?? running?.devServerUrl ?? "http://localhost:5173";
if (!token) {
  console.error("Set OPS_TOKEN (the Worker's secret) in the environment or .dev.vars, or start `npm run dev`.");
  process.exit(2);
}

const call = async (path: string, method = "GET") => {
  const response = await fetch(new URL(path, baseUrl), { method, headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};

if (command === "retry-dead") {
  const result = await call("/ops/deliveries/retry-dead", "POST");
  console.log(`queued again: ${String(result.deliveries)} deliveries, ${String(result.webhookEvents)} webhook events`);
} else if (command === "list") {
  const data = await call("/ops/deliveries");
  console.log("deliveries by state:", data.deliveries);
  console.log("webhook events by state:", data.webhookEvents);
  console.log("LINE quota:", data.quota ?? "not read yet");
  console.log("sent this month by kind:", data.sentThisMonth);
  const registerWrites = data.registerWrites as { byState: Record<string, number>; failed: Array<Record<string, unknown>> };
  console.log("register writes accepted during a merchant outage, by state:", registerWrites.byState);
  if (registerWrites.failed.length > 0) {
    console.log("register writes that failed for good (apply them by hand):");
    console.table(
      registerWrites.failed.map((r) => ({ kind: r.kind, store: r.store_id, member: r.member_number, reason: r.last_error })),
    );
  }
  console.table(
    (data.rows as Array<Record<string, unknown>>)
      .slice(0, 30)
      .map((r) => ({ kind: r.kind, state: r.state, attempts: r.attempts, reason: r.last_error })),
  );
} else {
  console.error(`unknown command "${command}": use list or retry-dead`);
  process.exit(2);
}
