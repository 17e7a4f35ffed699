// `npm run doctor [-- --env-file path] [--remote] [--dev] [--config path]`: checks a configuration
// before go-live, one line per item with the fix for each problem; exits 1 when there is one.
//   (default)  the environment over .dev.vars, as `npm run dev` and `wrangler dev` read them
//   --remote   wrangler.toml's [vars] as deployed; secrets from the environment or --env-file
//              (wrangler cannot read a deployed secret back)
//   --dev      the fake LINE platform of a running `npm run dev`, with the merchant from the settings
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadRichMenuConfig, RichMenuConfigError } from "../richmenu/config.ts";
import { checkMerchant, describeFailure } from "./doctor-merchant.ts";
import {
  DEFAULT_DEV_VARS_PATH,
  loadSettings,
  projectRoot,
  readDevFakesFile,
  readEnvFile,
  type Settings,
} from "./dev-settings.ts";

export interface DoctorCheck {
  name: string;
  /** "note" is something to confirm by hand; only "problem" fails the run. */
  status: "ok" | "problem" | "note";
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  settings: Settings;
  /** Where secrets are set, for the fixes' wording. */
  target: "local" | "remote";
  /** Plain http and localhost are fine (a dev server), and dev generates some secrets itself. */
  dev?: boolean;
  richMenuConfigPath?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_RICH_MENU_CONFIG_PATH = resolve(projectRoot, "bff/richmenu/richmenu.config.json");

const SECRETS = [
  ["LINE_CHANNEL_ACCESS_TOKEN", "the Messaging API channel's long-lived channel access token (console: Messaging API tab)"],
  ["LINE_CHANNEL_SECRET", "the Messaging API channel's channel secret (console: Basic settings); webhook signatures"],
  ["MERCHANT_API_KEY", "the key the merchant issued for this BFF"],
  ["MERCHANT_HOOK_SECRET", "shared with the merchant, who signs its events with it (`openssl rand -base64 32`)"],
  ["MEMBER_CARD_SECRET", "base64 of 32 random bytes (`openssl rand -base64 32`); seals member card QR codes"],
] as const;

/** What `npm run dev` generates itself, so --dev does not ask for it. */
const DEV_GENERATED = new Set(["LINE_CHANNEL_SECRET", "MEMBER_CARD_SECRET", "MERCHANT_HOOK_SECRET"]);

const isPlaceholder = (value: string | undefined) => !value || value.startsWith("replace-with-") || /\.invalid(\/|$)/.test(value);

/** Runs every check; never throws (an unreachable service is a problem line). */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const { settings } = options;
  const timeoutMs = options.timeoutMs ?? 8000;
  const doFetch = options.fetch ?? fetch;
  const setSecret = (name: string) =>
    options.target === "remote" ? `npx wrangler secret put ${name}` : `add ${name}=… to .dev.vars`;
  const setVar = (name: string) =>
    options.target === "remote" ? `set ${name} in wrangler.toml [vars]` : `set ${name} in wrangler.toml [vars] or .dev.vars`;
  const checks: DoctorCheck[] = [];

  // Secrets present.
  for (const [name, what] of SECRETS) {
    if (options.dev && DEV_GENERATED.has(name) && isPlaceholder(settings[name])) continue;
    if (isPlaceholder(settings[name])) {
      checks.push({ name: `secret ${name}`, status: "problem", detail: "not set", fix: `${setSecret(name)}: ${what}` });
    } else if (name === "MEMBER_CARD_SECRET" && Buffer.from(settings[name] ?? "", "base64").length < 32) {
      checks.push({
        name: `secret ${name}`,
        status: "problem",
        detail: "shorter than 32 bytes of base64",
        fix: `${setSecret(name)} with the output of \`openssl rand -base64 32\``,
      });
    } else {
      checks.push({ name: `secret ${name}`, status: "ok", detail: "set" });
    }
  }
  checks.push(
    settings.OPS_TOKEN
      ? { name: "secret OPS_TOKEN", status: "ok", detail: "set: /ops/ and `npm run deliveries` are on" }
      : {
          name: "secret OPS_TOKEN",
          status: "note",
          detail: "not set: the deliveries page (/ops/) is off",
          fix: `${setSecret("OPS_TOKEN")} (\`openssl rand -base64 24\`) to watch deliveries`,
        },
  );

  // LIFF id and channel id.
  const liffId = settings.LIFF_ID ?? "";
  const channelId = settings.LIFF_CHANNEL_ID ?? "";
  const liffMatch = /^(\d{10})-[A-Za-z0-9]+$/.exec(liffId);
  if (!/^\d{10}$/.test(channelId) || /^0+$/.test(channelId)) {
    checks.push({
      name: "LIFF_CHANNEL_ID",
      status: "problem",
      detail: channelId ? `"${channelId}" is not a LINE Login channel id` : "not set",
      fix: `${setVar("LIFF_CHANNEL_ID")}: the channel id of the LINE Login (or LINE MINI App) channel that owns the LIFF app`,
    });
  } else if (!liffMatch || /^0+-x+$/.test(liffId)) {
    checks.push({
      name: "LIFF_ID",
      status: "problem",
      detail: liffId ? `"${liffId}" is not a LIFF id (<channel id>-<suffix>)` : "not set",
      fix: `${setVar("LIFF_ID")}: the LIFF app's id from the console (LIFF tab)`,
    });
  } else if (liffMatch[1] !== channelId) {
    checks.push({
      name: "LIFF_ID matches LIFF_CHANNEL_ID",
      status: "problem",
      detail: `LIFF_ID ${liffId} belongs to channel ${liffMatch[1]}, LIFF_CHANNEL_ID is ${channelId}: every ID token would be refused (aud)`,
      fix: `set LIFF_CHANNEL_ID to ${liffMatch[1]} (the channel that owns the LIFF app), or LIFF_ID to a LIFF app of channel ${channelId}`,
    });
  } else {
    checks.push({ name: "LIFF_ID matches LIFF_CHANNEL_ID", status: "ok", detail: `${liffId} belongs to channel ${channelId}` });
  }
  if (settings.VITE_LIFF_ID && settings.VITE_LIFF_ID !== liffId) {
    checks.push({
      name: "VITE_LIFF_ID matches LIFF_ID",
      status: "problem",
      detail: `the app is built with ${settings.VITE_LIFF_ID}, the Worker links to ${liffId}`,
      fix: "build with VITE_LIFF_ID equal to LIFF_ID",
    });
  }

  // LINE: JWKS, channel access token, webhook URL.
  const lineBase = (settings.LINE_API_BASE || "https://api.line.me").replace(/\/+$/, "");
  checks.push(await checkJwks(lineBase, doFetch, timeoutMs));
  const token = settings.LINE_CHANNEL_ACCESS_TOKEN;
  let messagingChannelId: string | undefined;
  if (!isPlaceholder(token)) {
    const verified = await checkChannelAccessToken(
      lineBase,
      token ?? "",
      doFetch,
      timeoutMs,
      setSecret("LINE_CHANNEL_ACCESS_TOKEN"),
    );
    checks.push(verified.check);
    messagingChannelId = verified.channelId;
    if (verified.check.status === "ok") {
      checks.push(
        await checkWebhookEndpoint(lineBase, token ?? "", settings.BFF_PUBLIC_URL, options.dev ?? false, doFetch, timeoutMs),
      );
    }
  }
  checks.push({
    name: "one provider",
    status: "note",
    detail:
      `LINE user ids differ per provider: the LINE Login channel ${channelId || "(LIFF_CHANNEL_ID)"} and the Messaging API ` +
      `channel ${messagingChannelId ?? "(of LINE_CHANNEL_ACCESS_TOKEN)"} must be under the same provider`,
    fix: "confirm in the LINE Developers console; no API tells",
  });

  // Merchant.
  const merchantBase = settings.MERCHANT_API_BASE;
  if (isPlaceholder(merchantBase) || !z.url().safeParse(merchantBase).success) {
    checks.push({
      name: "MERCHANT_API_BASE",
      status: "problem",
      detail: merchantBase ? `"${merchantBase}" is not the merchant's URL` : "not set",
      fix: `${setVar("MERCHANT_API_BASE")}: the base URL of the merchant's implementation of the merchant contract`,
    });
  } else {
    if (!options.dev && !merchantBase?.startsWith("https://")) {
      checks.push({
        name: "MERCHANT_API_BASE",
        status: "problem",
        detail: `${merchantBase} is not https: the API key would cross the network in clear`,
        fix: "use the merchant's https URL",
      });
    }
    if (!isPlaceholder(settings.MERCHANT_API_KEY)) {
      checks.push(
        ...(await checkMerchant({
          apiBase: merchantBase ?? "",
          apiKey: settings.MERCHANT_API_KEY ?? "",
          timeoutMs: Number(settings.MERCHANT_TIMEOUT_MS) > 0 ? Math.max(Number(settings.MERCHANT_TIMEOUT_MS), 3000) : timeoutMs,
          fetch: doFetch,
        })),
      );
    }
  }
  const accountLinkUrl = settings.MERCHANT_ACCOUNT_LINK_URL;
  const accountLinkOk =
    !isPlaceholder(accountLinkUrl) && z.url({ protocol: options.dev ? /^https?$/ : /^https$/ }).safeParse(accountLinkUrl).success;
  checks.push(
    accountLinkOk
      ? { name: "MERCHANT_ACCOUNT_LINK_URL", status: "ok", detail: accountLinkUrl ?? "" }
      : {
          name: "MERCHANT_ACCOUNT_LINK_URL",
          status: "problem",
          detail: accountLinkUrl ? `"${accountLinkUrl}" is not the merchant's https login page` : "not set",
          fix: `${setVar("MERCHANT_ACCOUNT_LINK_URL")}: the merchant's login page for customers who link from the chat`,
        },
  );

  // Rich menus.
  const configPath = options.richMenuConfigPath ?? DEFAULT_RICH_MENU_CONFIG_PATH;
  try {
    const config = loadRichMenuConfig(configPath);
    checks.push({ name: "rich menu config", status: "ok", detail: `"${config.name}": ${Object.keys(config.menus).join(", ")}` });
  } catch (error) {
    checks.push({
      name: "rich menu config",
      status: "problem",
      detail: error instanceof RichMenuConfigError ? error.message : String(error),
      fix: `fix the fields named in ${configPath} (README, "Rich menus")`,
    });
  }
  return checks;
}

async function checkJwks(lineBase: string, doFetch: typeof fetch, timeoutMs: number): Promise<DoctorCheck> {
  const url = `${lineBase}/oauth2/v2.1/certs`;
  const fix = "the Worker must reach LINE's keys to verify ID tokens: check LINE_API_BASE (https://api.line.me) and the network";
  try {
    const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = z
      .object({ keys: z.array(z.looseObject({ kid: z.string(), alg: z.string().optional() })).min(1) })
      .safeParse(await response.json().catch(() => null));
    if (!response.ok || !body.success) {
      return { name: "LINE JWKS", status: "problem", detail: `${url} answered ${response.status} without signing keys`, fix };
    }
    return { name: "LINE JWKS", status: "ok", detail: `${url}: ${body.data.keys.length} key(s)` };
  } catch (error) {
    return { name: "LINE JWKS", status: "problem", detail: `${url}: ${describeFailure(error, timeoutMs)}`, fix };
  }
}

const VerifyAnswer = z.object({ client_id: z.string(), expires_in: z.number(), scope: z.string().optional() });

/**
 * Asks LINE whether the token is valid: `POST /v2/oauth/verify` (long-lived and short-lived
 * tokens), then `GET /oauth2/v2.1/verify` (tokens v2.1) when the first refuses it.
 * https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token
 */
async function checkChannelAccessToken(
  lineBase: string,
  token: string,
  doFetch: typeof fetch,
  timeoutMs: number,
  setIt: string,
): Promise<{ check: DoctorCheck; channelId?: string }> {
  const name = "LINE channel access token";
  try {
    let response = await doFetch(`${lineBase}/v2/oauth/verify`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ access_token: token }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 400) {
      response = await doFetch(`${lineBase}/oauth2/v2.1/verify?access_token=${encodeURIComponent(token)}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
    }
    const body: unknown = await response.json().catch(() => null);
    const verified = VerifyAnswer.safeParse(body);
    if (response.ok && verified.success) {
      const days = Math.floor(verified.data.expires_in / 86_400);
      const soon = days < 7;
      return {
        channelId: verified.data.client_id,
        check: {
          name,
          status: soon ? "problem" : "ok",
          detail: `valid for Messaging API channel ${verified.data.client_id}, ${days > 3650 ? "long-lived" : `expires in ${days} days`}`,
          ...(soon ? { fix: `issue a long-lived channel access token and ${setIt}` } : {}),
        },
      };
    }
    const reason = z.object({ error_description: z.string() }).safeParse(body);
    return {
      check: {
        name,
        status: "problem",
        detail: `LINE refused it (${response.status}${reason.success ? `: ${reason.data.error_description}` : ""})`,
        fix: `issue a long-lived channel access token in the LINE Developers console (Messaging API tab) and ${setIt}`,
      },
    };
  } catch (error) {
    return {
      check: {
        name,
        status: "problem",
        detail: `${lineBase}/v2/oauth/verify: ${describeFailure(error, timeoutMs)}`,
        fix: "check LINE_API_BASE (https://api.line.me) and the network",
      },
    };
  }
}

/** https://developers.line.biz/en/reference/messaging-api/#get-webhook-endpoint-information */
async function checkWebhookEndpoint(
  lineBase: string,
  token: string,
  publicUrl: string | undefined,
  dev: boolean,
  doFetch: typeof fetch,
  timeoutMs: number,
): Promise<DoctorCheck> {
  const name = "LINE webhook URL";
  const expected = publicUrl ? `${publicUrl.replace(/\/+$/, "")}/webhook/line` : undefined;
  const fix =
    `in the LINE Developers console, Messaging API tab: Webhook URL ${expected ?? "https://<your Worker>/webhook/line"}, ` +
    `"Use webhook" on, then "Verify"`;
  try {
    const response = await doFetch(`${lineBase}/v2/bot/channel/webhook/endpoint`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = z.object({ endpoint: z.string(), active: z.boolean() }).safeParse(await response.json().catch(() => null));
    if (!response.ok || !body.success) {
      return { name, status: "problem", detail: `LINE answered ${response.status}`, fix };
    }
    const { endpoint, active } = body.data;
    const problems = [
      !endpoint && "no webhook URL is set",
      endpoint && !endpoint.endsWith("/webhook/line") && `${endpoint} is not the BFF's /webhook/line`,
      endpoint &&
        expected &&
        endpoint !== expected &&
        endsWithWebhook(endpoint) &&
        `${endpoint} is not ${expected} (BFF_PUBLIC_URL)`,
      endpoint && !dev && !endpoint.startsWith("https://") && `${endpoint} is not https`,
      endpoint && !active && `"Use webhook" is off`,
    ].filter((problem): problem is string => typeof problem === "string");
    return problems.length === 0
      ? { name, status: "ok", detail: `${endpoint}, in use` }
      : { name, status: "problem", detail: problems.join("; "), fix };
  } catch (error) {
    return { name, status: "problem", detail: describeFailure(error, timeoutMs), fix };
  }
}

const endsWithWebhook = (endpoint: string) => endpoint.endsWith("/webhook/line");

export interface DoctorIo {
  env: Settings;
  out: (line: string) => void;
  err: (line: string) => void;
  fetch?: typeof fetch;
}

const USAGE = `Usage: npm run doctor [-- --env-file <path>] [--remote] [--dev] [--config <rich menu config>]

  (default)          the environment over .dev.vars (or --env-file), as the local Worker reads them
  --remote           wrangler.toml's [vars] as they deploy; secrets from the environment or --env-file
  --dev              the fake LINE platform of a running \`npm run dev\` in front of your merchant
  --env-file <path>  a .dev.vars-style file (the environment wins)`;

/** Runs the CLI; resolves to the exit code (1 when a check found a problem). */
export async function runDoctorCli(argv: string[], io: DoctorIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "env-file": { type: "string" },
        remote: { type: "boolean", default: false },
        dev: { type: "boolean", default: false },
        config: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const envFile = values["env-file"] ?? (values.remote ? undefined : DEFAULT_DEV_VARS_PATH);
  if (values["env-file"] && !existsSync(values["env-file"])) {
    io.err(`${values["env-file"]} does not exist`);
    return 2;
  }
  let settings: Settings;
  if (values.remote) {
    // As deployed: wrangler.toml's vars, and secrets only from the environment or --env-file.
    const { experimental_readRawConfig } = await import("wrangler");
    const { rawConfig } = experimental_readRawConfig({ config: resolve(projectRoot, "wrangler.toml") });
    const vars = Object.fromEntries(Object.entries(rawConfig.vars ?? {}).map(([key, value]) => [key, String(value)]));
    const secrets = { ...(envFile ? readEnvFile(envFile) : {}), ...io.env };
    settings = { ...vars, ...Object.fromEntries(SECRETS.map(([name]) => [name, secrets[name]])), OPS_TOKEN: secrets.OPS_TOKEN };
    if (secrets.VITE_LIFF_ID) settings.VITE_LIFF_ID = secrets.VITE_LIFF_ID;
  } else {
    settings = loadSettings({ env: io.env, envFile });
  }
  if (values.dev) {
    const running = readDevFakesFile();
    if (!running) {
      io.err("--dev needs a running `npm run dev` (it writes .wrangler/dev-fakes.json)");
      return 2;
    }
    settings = {
      ...settings,
      LINE_API_BASE: running.lineUrl,
      LINE_CHANNEL_ACCESS_TOKEN: running.channelAccessToken,
      LIFF_ID: running.liffId,
      LIFF_CHANNEL_ID: running.liffId.split("-")[0],
      MERCHANT_API_BASE: settings.MERCHANT_API_BASE || running.merchantUrl,
      MERCHANT_API_KEY: settings.MERCHANT_API_KEY || running.merchantApiKey,
      MERCHANT_ACCOUNT_LINK_URL: settings.MERCHANT_ACCOUNT_LINK_URL || `${running.merchantUrl}/line/account-link`,
      OPS_TOKEN: settings.OPS_TOKEN || running.opsToken,
    };
  }

  const source = values.remote
    ? "wrangler.toml [vars] + secrets from the environment"
    : `the environment + ${envFile ?? "no file"}`;
  io.out(`Checking the configuration from ${source}${values.dev ? " (dev: the fake LINE platform of npm run dev)" : ""}:`);
  const checks = await runDoctor({
    settings,
    target: values.remote ? "remote" : "local",
    dev: values.dev,
    richMenuConfigPath: values.config ? resolve(values.config) : undefined,
    fetch: io.fetch,
  });
  for (const line of formatChecks(checks)) io.out(line);
  const problems = checks.filter((check) => check.status === "problem").length;
  io.out(problems === 0 ? "No problems found." : `${problems} problem${problems === 1 ? "" : "s"} to fix.`);
  return problems === 0 ? 0 : 1;
}

/** One ✓/✗/! line per check, its detail and the fix indented below. */
export function formatChecks(checks: DoctorCheck[]): string[] {
  const mark = { ok: "✓", problem: "✗", note: "!" } as const;
  return checks.flatMap((check) => [
    `${mark[check.status]} ${check.name}: ${check.detail.split("\n").join("\n    ")}`,
    ...(check.status !== "ok" && check.fix ? [`    fix: ${check.fix}`] : []),
  ]);
}

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
  const code = await runDoctorCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exit(code);
}
