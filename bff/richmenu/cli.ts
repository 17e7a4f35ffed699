// Rich menus from a declarative config:
//   tsx bff/richmenu/cli.ts plan|apply|resync|export [--config path] [--delete-stale] [--env-file path]
//                           [--dev] [--resync] [--allow-missing-glyphs] [--ledger path]
// Reads LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE, LINE_API_DATA_BASE, LIFF_ID, for tracked
// links MEMBER_CARD_SECRET and BFF_PUBLIC_URL and, for resync, MERCHANT_API_BASE and
// MERCHANT_API_KEY (see README, "Rich menus" and "Console: dashboard and rich menus").
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  DEFAULT_DEV_FAKES_PATH,
  DEFAULT_DEV_VARS_PATH,
  DevFakesFile,
  loadSettings,
  parseEnvFile,
  projectRoot,
} from "../cli/dev-settings.ts";
import { LINKED_MENU_ALIAS } from "../line/rich-menus.ts";
import {
  MissingGlyphsError,
  applyRichMenus,
  menusMissingGlyphs,
  planRichMenuChanges,
  prepareRichMenus,
  resyncRichMenus,
  type LineChannel,
} from "./commands.ts";
import { PlanRefusedError } from "./apply.ts";
import { RichMenuConfigError } from "./config.ts";
import type { DesiredMenu } from "./desired-menus.ts";
import { DEFAULT_EXPORT_PATH, richMenuExport, writeRichMenuExport } from "./export.ts";
import { fileLedger } from "./ledger.ts";
import { LineApiError } from "./line-api.ts";
import { RICH_MENU_LIMITS } from "./line-limits.ts";
import { describeAction } from "./describe.ts";
import { changesOf, type Plan } from "./planner.ts";
import type { TrackedLinkDeps } from "../console/tracked-links.ts";

export { DEFAULT_DEV_FAKES_PATH, DevFakesFile, parseEnvFile };

/** Tracked links need the Worker's secret and public origin; without both, links stay plain. */
function trackingFrom(env: Record<string, string | undefined>): TrackedLinkDeps | undefined {
  const secret = env.MEMBER_CARD_SECRET;
  const origin = env.BFF_PUBLIC_URL?.trim();
  return secret && origin ? { secret, origin } : undefined;
}

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL("./richmenu.config.json", import.meta.url));
const DEFAULT_LEDGER_PATH = resolve(projectRoot, ".wrangler/richmenu-ledger.json");

const USAGE = `Usage: tsx bff/richmenu/cli.ts <plan|apply|resync|export> [options]

  plan      show what apply would change on the channel (no writes)
  apply     create the configured menus, point the aliases and the default at them
  resync    link every member linked at the merchant to the "${LINKED_MENU_ALIAS}" menu (500 per call)
  export    render the menus for the console (bff/richmenu/richmenu.export.json; no LINE calls)

Options:
  --config <path>         the config (default bff/richmenu/richmenu.config.json)
  --delete-stale          also delete this config's menus that are no longer in it
  --resync                apply, then resync
  --env-file <path>       read variables from a .dev.vars-style file (the environment wins)
  --dev                   use the fakes of a running \`npm run dev\` (.wrangler/dev-fakes.json) and .dev.vars;
                          MERCHANT_API_BASE and MERCHANT_API_KEY there name the merchant for resync
  --allow-missing-glyphs  upload rendered menus even if no font can draw some labels
  --ledger <path>         where creations/deletions are counted against LINE's hourly limits
  --out <path>            where export writes (default bff/richmenu/richmenu.export.json)

Environment: LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE (https://api.line.me),
LINE_API_DATA_BASE (https://api-data.line.me), LIFF_ID, MERCHANT_API_BASE, MERCHANT_API_KEY;
MEMBER_CARD_SECRET and BFF_PUBLIC_URL (both) make app and URL areas tracked links.`;

export interface CliSettings {
  line: LineChannel;
  tracking?: TrackedLinkDeps;
  liffId?: string;
  merchant?: { apiBase: string; apiKey: string };
}

class UsageError extends Error {}

/** Settings from the environment (which wins over --env-file), or from dev-fakes.json with --dev. */
export function resolveSettings(env: Record<string, string | undefined>, devFakes?: DevFakesFile): CliSettings {
  const tracking = trackingFrom(env);
  if (devFakes) {
    // The merchant named in the settings wins over the one `npm run dev` wrote down, so
    // `MERCHANT_API_BASE=… npm run richmenu:dev -- resync` reads that merchant's links.
    const ownMerchant =
      env.MERCHANT_API_BASE && env.MERCHANT_API_KEY
        ? { apiBase: env.MERCHANT_API_BASE, apiKey: env.MERCHANT_API_KEY }
        : undefined;
    return {
      ...(tracking ? { tracking } : {}),
      line: { apiBase: devFakes.lineUrl, dataApiBase: devFakes.lineUrl, channelAccessToken: devFakes.channelAccessToken },
      liffId: devFakes.liffId,
      merchant: ownMerchant ?? { apiBase: devFakes.merchantUrl, apiKey: devFakes.merchantApiKey },
    };
  }
  const token = env.LINE_CHANNEL_ACCESS_TOKEN;
  if (!token) {
    throw new UsageError(
      "LINE_CHANNEL_ACCESS_TOKEN is not set: the Messaging API channel's access token, from the environment or --env-file (or use --dev)",
    );
  }
  return {
    ...(tracking ? { tracking } : {}),
    line: {
      apiBase: env.LINE_API_BASE || "https://api.line.me",
      dataApiBase: env.LINE_API_DATA_BASE || "https://api-data.line.me",
      channelAccessToken: token,
    },
    liffId: env.LIFF_ID || undefined,
    merchant:
      env.MERCHANT_API_BASE && env.MERCHANT_API_KEY
        ? { apiBase: env.MERCHANT_API_BASE, apiKey: env.MERCHANT_API_KEY }
        : undefined,
  };
}

function readDevFakes(path: string): DevFakesFile {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist: start \`npm run dev\` first (it writes the file)`);
  const parsed = DevFakesFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new UsageError(`${path} is not what \`npm run dev\` writes: ${parsed.error.message}`);
  return parsed.data;
}

function printPlan(plan: Plan, desired: DesiredMenu[], out: (line: string) => void): void {
  for (const action of plan.actions) out(`  ${describeAction(action, desired)}`);
  const { create, delete: deletions } = plan.needs;
  out(`  LINE's hourly limits: this plan creates ${create} and deletes ${deletions} of ${RICH_MENU_LIMITS.hourlyLimit} each.`);
  for (const reason of plan.refusals) out(`  ! apply would refuse: ${reason}`);
}

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the CLI; resolves to the process exit code. */
export async function runRichMenuCli(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        "delete-stale": { type: "boolean", default: false },
        resync: { type: "boolean", default: false },
        "env-file": { type: "string" },
        dev: { type: "boolean", default: false },
        "dev-fakes-file": { type: "string" },
        "allow-missing-glyphs": { type: "boolean", default: false },
        ledger: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const command = args.positionals[0];
  if (args.values.help || !command || !["plan", "apply", "resync", "export"].includes(command) || args.positionals.length > 1) {
    (args.values.help ? io.out : io.err)(USAGE);
    return args.values.help ? 0 : 2;
  }

  try {
    // --dev reads .dev.vars like `npm run dev` does, unless another file is named.
    const envFile = args.values["env-file"] ?? (args.values.dev ? DEFAULT_DEV_VARS_PATH : undefined);
    if (args.values["env-file"] && !existsSync(args.values["env-file"]))
      throw new UsageError(`${args.values["env-file"]} does not exist`);
    const devFakes = args.values.dev ? readDevFakes(args.values["dev-fakes-file"] ?? DEFAULT_DEV_FAKES_PATH) : undefined;
    const environment = loadSettings({ env: io.env, envFile });
    const configPath = resolve(args.values.config ?? DEFAULT_CONFIG_PATH);
    if (command === "export") {
      // Rendering only: no LINE token needed.
      const tracking = trackingFrom(environment);
      const liffId = devFakes?.liffId ?? (environment.LIFF_ID || undefined);
      const prepared = await prepareRichMenus({ configPath, liffId, ...(tracking ? { tracking } : {}) });
      const out = resolve(args.values.out ?? DEFAULT_EXPORT_PATH);
      writeRichMenuExport(await richMenuExport(prepared, { configPath, liffId, tracked: tracking !== undefined }), out);
      io.out(
        `Exported ${prepared.desired.length} menus of "${prepared.config.name}" to ${out}` +
          (tracking
            ? ` (taps tracked through ${tracking.origin}/t/…)`
            : " (links not tracked: set MEMBER_CARD_SECRET and BFF_PUBLIC_URL)"),
      );
      for (const { key, characters } of menusMissingGlyphs(prepared.desired)) {
        io.out(`  ! menu ${key}: no installed font draws ${characters.join(" ")}`);
      }
      return 0;
    }
    const settings = resolveSettings(environment, devFakes);
    const ledger = fileLedger(args.values.ledger ?? DEFAULT_LEDGER_PATH, settings.line);
    const api = {
      onRetry: (operation: string, status: number | null, delayMs: number) =>
        io.err(`  LINE answered ${status ?? "nothing"} to ${operation}; retrying in ${Math.ceil(delayMs / 1000)} s`),
    };
    const common = {
      configPath,
      line: settings.line,
      liffId: settings.liffId,
      deleteStale: args.values["delete-stale"],
      ledger,
      api,
      ...(settings.tracking ? { tracking: settings.tracking } : {}),
    };

    if (command === "plan") {
      const { config, desired, plan } = await planRichMenuChanges(common);
      io.out(`Rich menus of "${config.name}" on ${settings.line.apiBase} (plan, nothing written):`);
      printPlan(plan, desired, io.out);
      for (const { key, characters } of menusMissingGlyphs(desired)) {
        io.out(`  ! menu ${key}: no installed font draws ${characters.join(" ")}; apply refuses without --allow-missing-glyphs`);
      }
      const changes = changesOf(plan).length;
      io.out(
        changes === 0
          ? "Nothing to change."
          : `${changes} change${changes === 1 ? "" : "s"}; run apply to make ${changes === 1 ? "it" : "them"}.`,
      );
      return 0;
    }

    if (command === "apply") {
      io.out(`Applying rich menus from ${configPath} to ${settings.line.apiBase}:`);
      const { plan, desired, result } = await applyRichMenus({
        ...common,
        allowMissingGlyphs: args.values["allow-missing-glyphs"],
        onAction: (action, menus) => io.out(`  done: ${describeAction(action, menus)}`),
      });
      for (const action of plan.actions) if (action.kind === "stale-menu") io.out(`  ${describeAction(action, desired)}`);
      const changes = changesOf(plan).length;
      io.out(
        changes === 0
          ? "Nothing to change: the channel already matches the config."
          : `Applied ${changes} change${changes === 1 ? "" : "s"}.`,
      );
      const linkedMoved = result.done.some((action) => action.kind === "update-alias" && action.aliasId === LINKED_MENU_ALIAS);
      if (args.values.resync) return await runResync(settings, io);
      if (linkedMoved) io.out(`Members linked before this apply still see the previous linked menu: run resync to move them.`);
      return 0;
    }

    return await runResync(settings, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

async function runResync(settings: CliSettings, io: CliIo): Promise<number> {
  if (!settings.merchant) {
    throw new UsageError("resync needs MERCHANT_API_BASE and MERCHANT_API_KEY (from the environment, --env-file or --dev)");
  }
  io.out(`Re-linking linked members to the "${LINKED_MENU_ALIAS}" menu:`);
  const result = await resyncRichMenus({
    line: settings.line,
    merchant: settings.merchant,
    onBatch: (linked) => io.out(`  linked ${linked} so far`),
  });
  io.out(
    `Linked ${result.members} member${result.members === 1 ? "" : "s"} to ${result.richMenuId} ` +
      `in ${result.bulkLinkCalls} bulk call${result.bulkLinkCalls === 1 ? "" : "s"} (${result.pages} page${result.pages === 1 ? "" : "s"} from the merchant).`,
  );
  return 0;
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(error.message);
    return 2;
  }
  if (
    error instanceof RichMenuConfigError ||
    error instanceof PlanRefusedError ||
    error instanceof MissingGlyphsError ||
    error instanceof LineApiError
  ) {
    io.err(error.message);
    return 1;
  }
  io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}

export { describeAction };

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  const code = await runRichMenuCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exit(code);
}
