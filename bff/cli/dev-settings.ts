// The one place `npm run dev`, `npm run richmenu(:dev)`, `npm run deliveries` and `npm run doctor`
// read their settings from: the environment, then a .dev.vars-style file (the environment wins,
// as with wrangler). It also decides what `npm run dev` runs: the sandbox merchant, or the
// integrator's own merchant with only the fake LINE platform in front of it.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_DEV_VARS_PATH = resolve(projectRoot, ".dev.vars");
/** What a running `npm run dev` writes so the CLIs reach its fake LINE platform and merchant. */
export const DEFAULT_DEV_FAKES_PATH = resolve(projectRoot, ".wrangler/dev-fakes.json");
/** The hook secret generated for an own merchant that has none yet, kept so it survives restarts. */
export const DEFAULT_DEV_HOOK_SECRET_PATH = resolve(projectRoot, ".wrangler/dev-merchant-hook-secret");

export type Settings = Record<string, string | undefined>;

/** Parses a .dev.vars / .env style file: KEY=value lines, # comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, "");
    values[match[1]] = value;
  }
  return values;
}

/** The variables of a .dev.vars-style file; a missing file is no variables. */
export function readEnvFile(path: string): Record<string, string> {
  return existsSync(path) ? parseEnvFile(readFileSync(path, "utf8")) : {};
}

/**
 * The environment over the file's variables. An empty value in the environment counts as unset,
 * so `MERCHANT_API_BASE= npm run dev` does not hide the file's value behind an empty string.
 */
export function loadSettings(options: { env: Settings; envFile?: string }): Settings {
  const fromFile = options.envFile ? readEnvFile(options.envFile) : {};
  const fromEnv = Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== undefined && value !== ""));
  return { ...fromFile, ...fromEnv };
}

export interface OwnMerchant {
  apiBase: string;
  apiKey: string;
  hookSecret: string;
  /** True when no MERCHANT_HOOK_SECRET was set and one was generated (and kept) for this machine. */
  hookSecretGenerated: boolean;
  accountLinkUrl: string;
  /** True when MERCHANT_ACCOUNT_LINK_URL was not set and the sandbox's path on the merchant is assumed. */
  accountLinkUrlAssumed: boolean;
}

export type DevMode =
  /** The fake LINE platform and the sandbox merchant (the default). */
  | { kind: "sandbox" }
  /** The fake LINE platform in front of the integrator's merchant. */
  | { kind: "own-merchant"; merchant: OwnMerchant; warnings: string[] }
  /** No fakes: wrangler.toml and .dev.vars alone (LOCAL_FAKES=off). */
  | { kind: "no-fakes" }
  /** The settings cannot start dev; each problem says what to set. */
  | { kind: "invalid"; problems: string[] };

/** LINE settings the fake LINE platform provides; set in .dev.vars they would override its values. */
const FAKE_LINE_SETTINGS = [
  "LINE_API_BASE",
  "LINE_API_DATA_BASE",
  "LINE_CHANNEL_ACCESS_TOKEN",
  "LINE_CHANNEL_SECRET",
  "LIFF_ID",
  "LIFF_CHANNEL_ID",
] as const;

/**
 * What `npm run dev` runs for these settings. `hookSecret` gives the secret to use when the
 * settings have none (the caller generates and keeps it; see `devHookSecret`).
 */
export function decideDevMode(settings: Settings, hookSecret: () => string): DevMode {
  if (settings.LOCAL_FAKES === "off") return { kind: "no-fakes" };
  const apiBase = settings.MERCHANT_API_BASE;
  if (!apiBase) return { kind: "sandbox" };

  const problems: string[] = [];
  if (!z.url({ protocol: /^https?$/ }).safeParse(apiBase).success) {
    problems.push(`MERCHANT_API_BASE must be an http(s) URL, got "${apiBase}"`);
  }
  if (!settings.MERCHANT_API_KEY) {
    problems.push("MERCHANT_API_KEY is not set: the key your merchant API expects as `Authorization: Bearer …`");
  }
  const accountLinkUrl = settings.MERCHANT_ACCOUNT_LINK_URL;
  if (accountLinkUrl && !z.url({ protocol: /^https?$/ }).safeParse(accountLinkUrl).success) {
    problems.push(`MERCHANT_ACCOUNT_LINK_URL must be an http(s) URL, got "${accountLinkUrl}"`);
  }
  if (problems.length > 0) return { kind: "invalid", problems };

  const warnings = FAKE_LINE_SETTINGS.filter((name) => settings[name]).map(
    (name) =>
      `${name} is set in .dev.vars or the environment and overrides the fake LINE platform's value: ` +
      `remove it to sign in with the dev personas, or use LOCAL_FAKES=off for a real LINE channel`,
  );
  const base = (apiBase ?? "").replace(/\/+$/, "");
  return {
    kind: "own-merchant",
    warnings,
    merchant: {
      apiBase: base,
      apiKey: settings.MERCHANT_API_KEY ?? "",
      hookSecret: settings.MERCHANT_HOOK_SECRET || hookSecret(),
      hookSecretGenerated: !settings.MERCHANT_HOOK_SECRET,
      accountLinkUrl: accountLinkUrl || `${base}/line/account-link`,
      accountLinkUrlAssumed: !accountLinkUrl,
    },
  };
}

/** A hook secret for this machine: read from `path`, or generated and written there once. */
export function devHookSecret(path = DEFAULT_DEV_HOOK_SECRET_PATH): string {
  if (existsSync(path)) {
    const kept = readFileSync(path, "utf8").trim();
    if (kept) return kept;
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** What `npm run dev` writes at startup (and after each reload), so `--dev` CLIs reach it. */
export const DevFakesFile = z.object({
  lineUrl: z.url(),
  channelAccessToken: z.string().min(1),
  merchantUrl: z.url(),
  merchantApiKey: z.string().min(1),
  liffId: z.string().min(1),
  /** The dev server's origin and the deliveries page token, for `npm run deliveries`. */
  devServerUrl: z.url().optional(),
  opsToken: z.string().min(1).optional(),
});
export type DevFakesFile = z.infer<typeof DevFakesFile>;

/** Reads the file a running `npm run dev` wrote; undefined when there is none. */
export function readDevFakesFile(path = DEFAULT_DEV_FAKES_PATH): DevFakesFile | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = DevFakesFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path} is not what \`npm run dev\` writes: ${parsed.error.message}`);
  return parsed.data;
}

/** Writes the file the `--dev` CLIs read; owner-only, it holds the dev tokens. */
export function writeDevFakesFile(contents: DevFakesFile, path = DEFAULT_DEV_FAKES_PATH): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
}
