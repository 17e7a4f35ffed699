// The member card's open in Chromium on throttled phone profiles, until a scannable QR code is in
// the page, against a floor: a bare page served the same way that only loads the LIFF SDK and
// draws a QR. The app is the production build in LIFF mock mode (minified, split as deployed);
// the API is the Worker in `vite dev` on the local fakes. Mock mode mints the persona's token from
// the fake LINE platform where real LIFF would init against LINE: one round trip either way.
//
// Profiles (Chromium's CDP throttling: Network.emulateNetworkConditions and
// Emulation.setCPUThrottlingRate, which applies to the renderer only):
// - Slow 4G: 150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU 4x slower (Lighthouse's mobile profile).
// - Lossy 3G: 400 ms RTT, 400 kbps down and up, CPU 4x slower, and loss. CDP cannot drop packets
//   (its packetLoss option is WebRTC's only), so this server stands in for it: every response
//   waits 0 to 200 ms more (jitter), and one in ten waits a further 1 s, the retransmission
//   timeout a lost TCP segment costs (RFC 6298's initial RTO). Seeded, so runs are comparable.
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Browser, CDPSession, Page } from "playwright-core";
import { build } from "vite";
import { countFramesWithoutCode, framesWithoutCode, launchChromium, newPhonePage, startDevServer } from "../e2e/harness.ts";
import { runLighthouse, type LighthouseScores } from "./card-lighthouse.ts";
import { percentile } from "./stats.ts";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const floorRoot = fileURLToPath(new URL("./card-floor", import.meta.url));
const RUNS = Number(process.env.CARD_BENCH_RUNS ?? 5);

interface NetworkProfile {
  name: string;
  latencyMs: number;
  downKbps: number;
  upKbps: number;
  /** Emulated loss (see the header): jitter on every response, and a 1 s stall on some. */
  lossy: boolean;
}

const slow4g: NetworkProfile = { name: "Slow 4G", latencyMs: 150, downKbps: 1600, upKbps: 750, lossy: false };
const lossy3g: NetworkProfile = { name: "Lossy 3G", latencyMs: 400, downKbps: 400, upKbps: 400, lossy: true };

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

async function buildMockModeClient(root: string, outDir: string): Promise<string> {
  process.env.VITE_LIFF_MOCK = "true";
  process.env.VITE_LIFF_ID = "2000000000-devmock";
  await build({ configFile: join(root, "vite.config.ts"), logLevel: "error", build: { outDir, emptyOutDir: true } });
  return join(outDir, "client");
}

/** The floor page, built as the app is (minified, hashed) and served under /floor/. */
async function buildFloor(outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: floorRoot,
    base: "/floor/",
    logLevel: "error",
    build: { outDir, emptyOutDir: true, assetsDir: "assets" },
  });
  return outDir;
}

/** A small seeded generator (mulberry32), so the emulated loss is the same from run to run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BenchServer {
  url: string;
  server: Server;
  /** The profile responses are shaped for (only the lossy one adds anything here). */
  profile: NetworkProfile;
}

/**
 * Serves the built app as liff-app/public/_headers has Workers serve it (SPA fallback, the shell
 * revalidated with its ETag, hashed assets immutable), the floor under /floor/ the same way, and
 * forwards the rest to the dev server.
 */
function serveBuild(clientDir: string, floorDir: string, apiOrigin: string): Promise<BenchServer> {
  const random = seeded(20261201);
  const state: BenchServer = { url: "", server: undefined as unknown as Server, profile: slow4g };
  const lossDelay = () => (state.profile.lossy ? random() * 200 + (random() < 0.1 ? 1000 : 0) : 0);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const delay = lossDelay();
    if (path.startsWith("/api/") || path.startsWith("/__fake-line/") || path.startsWith("/__merchant/")) {
      const upstream = httpRequest(new URL(req.url ?? "/", apiOrigin), { method: req.method, headers: req.headers }, (answer) => {
        setTimeout(() => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }, delay);
      });
      req.pipe(upstream);
      return;
    }
    const [root, relative, shell] = path.startsWith("/floor/")
      ? [floorDir, path.slice("/floor".length), "index.html"]
      : [clientDir, path, "index.html"];
    let file = join(root, relative);
    if (!relative.startsWith("/assets/") || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(root, shell);
    const content = readFileSync(file);
    const etag = `"${createHash("sha256").update(content).digest("hex").slice(0, 32)}"`;
    const cacheControl = file.endsWith("index.html") ? "no-cache" : "public, max-age=31536000, immutable";
    setTimeout(() => {
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag, "cache-control": cacheControl });
        res.end();
        return;
      }
      // Compressed, as Cloudflare serves static assets.
      const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      res.writeHead(200, {
        "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
        "cache-control": cacheControl,
        etag,
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      });
      res.end(gzip ? gzipSync(content, { level: 9 }) : content);
    }, delay);
  });
  state.server = server;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      state.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      resolve(state);
    }),
  );
}

async function throttle(cdp: CDPSession, server: BenchServer, profile: NetworkProfile): Promise<void> {
  server.profile = profile;
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.latencyMs,
    downloadThroughput: (profile.downKbps * 1024) / 8,
    uploadThroughput: (profile.upKbps * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
}

interface Open {
  /** From the tap (navigation start) to a QR code in the page. */
  toCodeMs: number;
  /** From the HTML's arrival (the app starting) to the QR code. */
  fromAppStartMs: number;
  /** The code came from the phone's own key on the instant card: no request before it. */
  fromThePhone: boolean;
  /** Requests that went to the network (not the HTTP cache) before the code, the page's own included. */
  requestsBeforeCode: number;
  /** Bytes on the wire (headers included) before the code, and in the open's first 5 s. */
  bytesBeforeCode: number;
  bytesIn5s: number;
  token: string | null;
  /** Frames painted with no code on screen after one was shown (the instant card's hand-over to the app), in 5 s. */
  framesWithoutCode: number;
  waterfall: string[];
}

/** Opens `path` and waits for a QR code, by the page's own clock; null when none came in 30 s. */
async function open(page: Page, url: string): Promise<Open | null> {
  await page.goto(url, { waitUntil: "commit" });
  const shown = await page
    .waitForFunction(
      () => {
        const qr = document.querySelector("[data-testid=member-qr]");
        if (!qr) return null;
        const instant = document.querySelector("[data-testid=instant-card]") !== null;
        const token = qr.getAttribute("data-token");
        return { at: performance.now(), fromThePhone: instant && !!token?.startsWith("MD1."), token };
      },
      undefined,
      { timeout: 30_000, polling: "raf" },
    )
    .catch(() => null);
  if (!shown) return null;
  const { at, fromThePhone, token } = (await shown.jsonValue())!;
  // What the open fetched: the code's critical path, then what the app asks for after it.
  await page.waitForTimeout(Math.max(0, 5000 - at));
  const timing = await page.evaluate((at) => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const fetched = [navigation, ...resources].filter((entry) => entry.transferSize > 0);
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const beforeCode = fetched.filter((entry) => entry.responseEnd <= at);
    const marks = performance.getEntriesByType("mark").map((mark) => `${Math.round(mark.startTime)} mark ${mark.name}`);
    const waterfall = [navigation, ...resources]
      .filter((entry) => entry.startTime <= at)
      .map(
        (entry) =>
          `${Math.round(entry.startTime)}-${Math.round(entry.responseEnd)} ${entry.transferSize} B ${new URL(entry.name).pathname.slice(0, 48)}`,
      );
    return {
      appStart: navigation.responseEnd,
      requestsBeforeCode: beforeCode.length,
      bytesBeforeCode: beforeCode.reduce((total, entry) => total + entry.transferSize, 0),
      bytesIn5s: fetched.filter((entry) => entry.responseEnd <= 5000).reduce((total, entry) => total + entry.transferSize, 0),
      waterfall: [...waterfall, ...marks, `${Math.round(at)} QR code`],
    };
  }, at);
  return {
    toCodeMs: Math.round(at),
    fromAppStartMs: Math.round(at - timing.appStart),
    fromThePhone,
    requestsBeforeCode: timing.requestsBeforeCode,
    bytesBeforeCode: timing.bytesBeforeCode,
    bytesIn5s: timing.bytesIn5s,
    token,
    framesWithoutCode: await framesWithoutCode(page),
    waterfall: timing.waterfall,
  };
}

function medianOpen(tries: (Open | null)[]): Open | undefined {
  const samples = tries.filter((o): o is Open => o !== null).sort((a, b) => a.toCodeMs - b.toCodeMs);
  return samples[Math.ceil(samples.length / 2) - 1];
}

async function setMerchantDown(devUrl: string, down: boolean): Promise<void> {
  const response = await fetch(`${devUrl}/__merchant/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode: down ? "server_error" : "none" }),
  });
  if (!response.ok) throw new Error(`the sandbox merchant's fault switch answered ${response.status}`);
}

const scenarios = {
  floor: "floor: bare page, LIFF SDK + QR (Slow 4G, cold)",
  cold: "cold open (Slow 4G, empty cache, no card key)",
  warm: "warm open (Slow 4G, cached, card key)",
  warmLossy: "warm open, weak signal (Lossy 3G, cached, card key)",
  merchantDown: "open with the merchant down (Slow 4G, cached, card key)",
} as const;
type Scenario = keyof typeof scenarios;
type AppScenario = Exclude<Scenario, "floor">;

export interface CardBenchResult {
  table: Record<string, string | number>[];
  notes: string[];
  coldWaterfall: string[];
  warmWaterfall: string[];
  lighthouse: LighthouseScores | { error: string };
}

/** One phone: a cold open, then (key in hand) a warm open, one on the weak signal, one with the merchant down. */
async function openSequence(
  browser: Browser,
  server: BenchServer,
  devUrl: string,
  opens: Record<AppScenario, (Open | null)[]>,
): Promise<string | null> {
  const { context, page } = await newPhonePage(browser);
  try {
    await page.addInitScript(() => localStorage.setItem("liff-app:dev-persona", "linked"));
    await countFramesWithoutCode(page);
    if (process.env.CARD_BENCH_DEBUG) {
      page.on("console", (message) => console.log(`[page ${message.type()}] ${message.text()}`));
      page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await throttle(cdp, server, slow4g);
    const cold = await open(page, `${server.url}/card`);
    opens.cold.push(cold);
    if (!cold) return null;
    // As at the register: the card stays open a moment, long enough for the phone to get its key.
    await page
      .waitForFunction(
        () => document.querySelector("[data-testid=member-qr]")?.getAttribute("data-token")?.startsWith("MD1."),
        undefined,
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    opens.warm.push(await open(page, `${server.url}/card`));
    await throttle(cdp, server, lossy3g);
    opens.warmLossy.push(await open(page, `${server.url}/card`));
    await throttle(cdp, server, slow4g);
    await setMerchantDown(devUrl, true);
    try {
      opens.merchantDown.push(await open(page, `${server.url}/card`));
    } finally {
      await setMerchantDown(devUrl, false);
    }
    return cold.token;
  } finally {
    await context.close();
  }
}

/**
 * Runs the table. With CARD_BENCH_BASELINE set to other checkouts of the project (comma
 * separated; e.g. main's tree from `git archive`, with node_modules linked), their builds are
 * measured in the same run, a phone of each in turn, so a before/after shares the machine's load.
 */
export async function benchCardColdLoad(): Promise<CardBenchResult> {
  const outDir = mkdtempSync(join(tmpdir(), "card-bench-"));
  const baselineRoots = (process.env.CARD_BENCH_BASELINE ?? "").split(",").filter(Boolean);
  // Build first: the Cloudflare plugin keeps per-process state that a later build would reset.
  const floorDir = await buildFloor(join(outDir, "floor"));
  const clientDir = await buildMockModeClient(projectRoot, join(outDir, "app"));
  const baselineDirs: string[] = [];
  for (const [index, root] of baselineRoots.entries())
    baselineDirs.push(await buildMockModeClient(root, join(outDir, `baseline-${index}`)));
  const dev = await startDevServer();
  const server = await serveBuild(clientDir, floorDir, dev.url);
  const baselineServers = await Promise.all(baselineDirs.map((dir) => serveBuild(dir, floorDir, dev.url)));
  const browser = await launchChromium();
  const empty = (): Record<Scenario, (Open | null)[]> => ({ floor: [], cold: [], warm: [], warmLossy: [], merchantDown: [] });
  const opens = empty();
  const baselineOpens = baselineRoots.map(() => empty());
  let serverToken: string | null = null;
  let lighthouse: CardBenchResult["lighthouse"];
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const [index, baselineServer] of baselineServers.entries())
        await openSequence(browser, baselineServer, dev.url, baselineOpens[index]!);
      const token = await openSequence(browser, server, dev.url, opens);
      serverToken ??= token;
    }
    for (let run = 0; run < RUNS; run++) {
      const { context, page } = await newPhonePage(browser);
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await throttle(cdp, server, slow4g);
      opens.floor.push(await open(page, `${server.url}/floor/#token=${encodeURIComponent(serverToken ?? "MC1.floor")}`));
      await context.close();
    }
    await browser.close();
    lighthouse = await runLighthouse(`${server.url}/card`).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
  } finally {
    await browser.close().catch(() => undefined);
    server.server.close();
    for (const baselineServer of baselineServers) baselineServer.server.close();
    await dev.close();
    rmSync(outDir, { recursive: true, force: true });
  }

  const floorMedian = percentile(
    opens.floor.flatMap((o) => (o ? [o.toCodeMs] : [])),
    50,
  );
  const row = (label: string, tries: (Open | null)[]) => {
    const samples = tries.filter((o): o is Open => o !== null);
    const toCode = samples.map((o) => o.toCodeMs);
    const median = percentile(toCode, 50);
    const medianOf = (pick: (o: Open) => number) =>
      percentile(
        samples.map((o) => pick(o)),
        50,
      );
    return {
      scenario: label,
      runs: samples.length,
      "no code in 30 s": tries.length - samples.length,
      "min ms": Math.min(...toCode),
      "median ms": median,
      "max ms": Math.max(...toCode),
      "× floor": Number((median / floorMedian).toFixed(2)),
      "from app start, median ms": medianOf((o) => o.fromAppStartMs),
      "code from the phone": `${samples.filter((o) => o.fromThePhone).length}/${samples.length}`,
      "requests before code, median": medianOf((o) => o.requestsBeforeCode),
      "KB before code, median": Number((medianOf((o) => o.bytesBeforeCode) / 1024).toFixed(1)),
      "KB in first 5 s, median": Number((medianOf((o) => o.bytesIn5s) / 1024).toFixed(1)),
      "frames without a code after it showed, max": Math.max(...samples.map((o) => o.framesWithoutCode)),
    };
  };
  const table = (Object.keys(scenarios) as Scenario[]).map((scenario) => row(scenarios[scenario], opens[scenario]));
  for (const [index, root] of baselineRoots.entries()) {
    for (const scenario of Object.keys(scenarios) as Scenario[]) {
      if (scenario !== "floor") table.push(row(`baseline (${root}): ${scenarios[scenario]}`, baselineOpens[index]![scenario]));
    }
  }
  return {
    table,
    notes: [
      "Times: from the tap (navigation start) to a QR code in the page, by the page's clock; 'from app start' counts from the HTML's arrival.",
      "Lossy 3G: 400 ms RTT, 400 kbps both ways, CPU 4x, plus emulated loss (0-200 ms jitter per response, 1 in 10 delayed 1 s more).",
      "Merchant down: the sandbox merchant answers every contract call with a 500 (its fault switch).",
      "Bytes: transferSize of what came from the network (headers included); cached files count 0, a 304 counts its headers.",
      "Not part of CI: it builds the app, starts the dev server and Chromium, and Lighthouse comes from npm through npx.",
    ],
    // The median cold open's, the one the table's median stands for.
    coldWaterfall: medianOpen(opens.cold)?.waterfall ?? [],
    warmWaterfall: medianOpen(opens.warm)?.waterfall ?? [],
    lighthouse,
  };
}
