// The member card's cold and warm open in Chromium on a throttled phone profile (Slow 4G:
// 150 ms RTT, 1.6 Mbps down, 750 kbps up, 4x CPU slowdown), until the QR code is visible.
// The app is the production build in LIFF mock mode (minified, split as deployed); the API is
// the Worker in `vite dev` on the local fakes. Mock mode mints the persona's token from the
// fake LINE platform where real LIFF would init against LINE: one round trip either way.
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { launchChromium, newPhonePage, startDevServer } from "../e2e/harness.ts";
import { percentile } from "./stats.ts";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const RUNS = 5;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

async function buildMockModeClient(outDir: string): Promise<string> {
  process.env.VITE_LIFF_MOCK = "true";
  process.env.VITE_LIFF_ID = "2000000000-devmock";
  await build({ configFile: join(projectRoot, "vite.config.ts"), logLevel: "error", build: { outDir, emptyOutDir: true } });
  return join(outDir, "client");
}

/**
 * Serves the built app as liff-app/public/_headers has Workers serve it (SPA fallback, the shell
 * revalidated with its ETag, hashed assets immutable) and forwards the rest to the dev server.
 */
function serveBuild(clientDir: string, apiOrigin: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path.startsWith("/api/") || path.startsWith("/__fake-line/") || path.startsWith("/__merchant/")) {
      const upstream = httpRequest(new URL(req.url ?? "/", apiOrigin), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
      return;
    }
    let file = join(clientDir, path);
    if (!path.startsWith("/assets/") || !statSync(file, { throwIfNoEntry: false })?.isFile())
      file = join(clientDir, "index.html");
    const content = readFileSync(file);
    const etag = `"${createHash("sha256").update(content).digest("hex").slice(0, 32)}"`;
    const cacheControl = file.endsWith("index.html") ? "no-cache" : "public, max-age=31536000, immutable";
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
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, server });
    }),
  );
}

export async function benchCardColdLoad() {
  const outDir = mkdtempSync(join(tmpdir(), "card-bench-"));
  // Build first: the Cloudflare plugin keeps per-process state that a later build would reset.
  const clientDir = await buildMockModeClient(outDir);
  const dev = await startDevServer();
  const { url, server } = await serveBuild(clientDir, dev.url);
  const browser = await launchChromium();
  const cold: number[] = [];
  const warm: number[] = [];
  const coldFromAppStart: number[] = [];
  const warmFromAppStart: number[] = [];
  let warmFromThePhone = 0;
  let scriptBytes = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const { context, page } = await newPhonePage(browser);
      await page.addInitScript(() => localStorage.setItem("liff-app:dev-persona", "linked"));
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      const scripts = new Map<string, number>();
      cdp.on("Network.responseReceived", (event) => {
        if (event.type === "Script") scripts.set(event.requestId, 0);
      });
      cdp.on("Network.loadingFinished", (event) => {
        if (scripts.has(event.requestId)) scripts.set(event.requestId, event.encodedDataLength);
      });

      const open = async () => {
        const started = Date.now();
        await page.goto(`${url}/card`, { waitUntil: "commit" });
        // When the QR is in the document, by the page's clock, and whether it is the phone's own
        // code on the card shown before LIFF is up (then nothing waited on the network).
        const shown = await page.waitForFunction(
          () => {
            const qr = document.querySelector("[data-testid=member-qr]");
            if (!qr) return null;
            const instant = document.querySelector("[data-testid=instant-card]") !== null;
            return { at: performance.now(), fromThePhone: instant && !!qr.getAttribute("data-token")?.startsWith("MD1.") };
          },
          undefined,
          { timeout: 60_000, polling: "raf" },
        );
        const { at, fromThePhone } = (await shown.jsonValue())!;
        const total = Date.now() - started;
        const fromAppStart = await page.evaluate(
          (at) => at - (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseEnd,
          at,
        );
        return { total, fromAppStart: Math.round(fromAppStart), fromThePhone };
      };
      const first = await open();
      cold.push(first.total);
      coldFromAppStart.push(first.fromAppStart);
      if (run === 0) scriptBytes = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0);
      // As at the register: the card stays open a moment, long enough for the phone to get its key.
      await page
        .waitForFunction(
          () => document.querySelector("[data-testid=member-qr]")?.getAttribute("data-token")?.startsWith("MD1."),
          undefined,
          {
            timeout: 15_000,
          },
        )
        .catch(() => undefined);
      const second = await open();
      warm.push(second.total);
      warmFromAppStart.push(second.fromAppStart);
      if (second.fromThePhone) warmFromThePhone += 1;
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
    await dev.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return {
    profile: "Slow 4G (150 ms RTT, 1.6 Mbps down, 750 kbps up), CPU 4x slower",
    runs: RUNS,
    coldMedianMs: percentile(cold, 50),
    coldWorstMs: Math.max(...cold),
    coldFromAppStartMedianMs: percentile(coldFromAppStart, 50),
    warmMedianMs: percentile(warm, 50),
    warmMinMs: Math.min(...warm),
    warmWorstMs: Math.max(...warm),
    warmFromAppStartMedianMs: percentile(warmFromAppStart, 50),
    warmRunsWithNoNetworkBeforeCode: `${warmFromThePhone} of ${RUNS}`,
    javaScriptBytesOnTheWire: scriptBytes,
  };
}
