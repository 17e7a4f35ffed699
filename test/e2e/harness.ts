import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
export const screenshotDir = fileURLToPath(new URL("../../test-results/", import.meta.url));

/** Starts `vite dev` exactly as `npm run dev` does, on fresh sandbox data and a free port. */
export async function startDevServer(): Promise<{ url: string; close(): Promise<void> }> {
  process.env.SANDBOX_MERCHANT_PERSIST = "off";
  const server: ViteDevServer = await createServer({
    configFile: `${projectRoot}/vite.config.ts`,
    logLevel: "warn",
    server: { port: 0, host: "127.0.0.1", strictPort: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("the dev server did not report its URL");
  return { url: url.replace(/\/$/, ""), close: () => server.close() };
}

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this sandboxed machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A phone-sized page (375×667, touch) in Japanese, as most customers open it. */
export async function newPhonePage(browser: Browser, locale = "ja-JP"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: "Asia/Tokyo",
  });
  const page = await context.newPage();
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}
