// `npm run deliveries -- list|retry-dead [--url http://localhost:5173]`: the delivery pipeline
// from the command line, through the Worker's /ops routes. The token comes from OPS_TOKEN in the
// environment (or .dev.vars); `npm run dev` prints the dev server's.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { url: { type: "string", default: "http://localhost:5173" } },
});
const command = positionals[0] ?? "list";
const token = process.env.OPS_TOKEN ?? readDevVar("OPS_TOKEN");
if (!token) {
  console.error("Set OPS_TOKEN (the Worker's secret) in the environment or .dev.vars.");
  process.exit(2);
}

function readDevVar(name: string): string | undefined {
  try {
    const line = readFileSync(".dev.vars", "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${name}=`));
    return line?.slice(name.length + 1).trim();
  } catch {
    return undefined;
  }
}

const call = async (path: string, method = "GET") => {
  const response = await fetch(new URL(path, values.url), { method, headers: { authorization: `Bearer ${token}` } });
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
