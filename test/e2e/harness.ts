import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, expect } from "vitest";

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

/**
 * Counts, frame by frame from the page's next load, the frames painted without a member card QR
 * code once one has been shown; `framesWithoutCode` reads the count. The script is a string: tsx
 * (the bench) would wrap a function's inner names in a helper the page does not have.
 */
export async function countFramesWithoutCode(page: Page): Promise<void> {
  await page.addInitScript({
    content: `
      window.__framesWithoutCode = 0;
      let shown = false;
      const check = () => {
        if (document.querySelector("[data-testid=member-qr]")) shown = true;
        else if (shown) window.__framesWithoutCode += 1;
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    `,
  });
}

/** The count `countFramesWithoutCode` keeps, or -1 when it was not started. */
export function framesWithoutCode(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __framesWithoutCode?: number }).__framesWithoutCode ?? -1);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}

export type PersonaKey = "linked" | "unlinked" | "staff" | "admin";

/** A push the fake LINE platform recorded. */
export interface RecordedPush {
  path: string;
  delivered: boolean;
  body: { to?: string; messages?: { altText?: string }[] };
}

/**
 * One dev server and one Chromium for a test file, started before its tests and stopped after.
 * `openAs` opens a phone page signed in as a dev persona (set only on the first load, so the
 * persona switcher's own choice survives its reload).
 */
export function appUnderTest() {
  let server: Awaited<ReturnType<typeof startDevServer>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startDevServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !browser) throw new Error("the app under test has not started");
    return { server, browser };
  };
  return {
    get url() {
      return started().server.url;
    },
    async openAs(persona: PersonaKey, path = "/"): Promise<Page> {
      const { page } = await newPhonePage(started().browser);
      await page.addInitScript((key) => {
        if (!localStorage.getItem("liff-app:dev-persona")) localStorage.setItem("liff-app:dev-persona", key);
      }, persona);
      await page.goto(`${started().server.url}${path}`);
      return page;
    },
    /** A persona's LINE user id, as the fake LINE platform knows it. */
    async lineUserIdOf(page: Page, persona: PersonaKey): Promise<string> {
      const response = await page.request.get(`${started().server.url}/__fake-line/__dev/personas`);
      const { personas } = (await response.json()) as { personas: { key: string; lineUserId: string }[] };
      const found = personas.find((p) => p.key === persona);
      if (!found) throw new Error(`no persona ${persona}`);
      return found.lineUserId;
    },
    /** The pushes the fake LINE platform accepted for one user. */
    async pushesTo(page: Page, lineUserId: string): Promise<RecordedPush[]> {
      const response = await page.request.get(`${started().server.url}/__fake-line/__dev/calls`);
      const { calls } = (await response.json()) as { calls: RecordedPush[] };
      return calls.filter((call) => call.path.endsWith("/push") && call.body?.to === lineUserId && call.delivered);
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** What axe reports for one failed rule, trimmed to what a failing test needs to show. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core's WCAG 2 A/AA rules on the page as it stands and fails with one line per rule
 * (id, impact, the selectors of the offending elements). `screen` names the screen in that message;
 * the test goes on, so it reports every screen it visits.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
    };
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target }) => ({ target })),
    }));
  }, axeTags);
  const report = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? "no impact"}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
  // Soft: one run lists every screen's violations, not only the first screen's.
  expect.soft(report, `axe violations on ${screen}`).toEqual([]);
}

const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
