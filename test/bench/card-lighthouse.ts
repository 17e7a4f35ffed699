// Lighthouse (mobile) on the member card, for LINE MINI App review (performance 50 or more;
// the aim is 90). Lighthouse is not a dependency (too heavy for every `npm ci`): npx fetches the
// pinned version on demand, so this needs the npm registry the first time (not in CI).
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const LIGHTHOUSE = "lighthouse@13.5.0";
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  "best-practices": number;
  /** The performance metrics behind the score, in ms (CLS unitless). */
  metrics: Record<string, number>;
  /** What cost accessibility and best practices points: "category: audit title (weight)". */
  lost: string[];
}

interface LighthouseReport {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<
    string,
    {
      numericValue?: number;
      score: number | null;
      title: string;
      details?: { items?: { description?: string; url?: string; score?: number; node?: { snippet?: string } }[] };
    }
  >;
}

/**
 * Runs Lighthouse's default mobile profile (simulated Slow 4G, 4x CPU, a Moto G Power screen) on
 * a cold load of `url`. Storage is reset, so the dev persona is the mock's default ("linked").
 */
export async function runLighthouse(url: string): Promise<LighthouseScores> {
  const { stdout } = await promisify(execFile)(
    "npx",
    [
      "--yes",
      LIGHTHOUSE,
      url,
      `--chrome-path=${chromiumPath}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
      "--output=json",
      "--output-path=stdout",
      "--only-categories=performance,accessibility,best-practices",
      "--form-factor=mobile",
      "--quiet",
    ],
    { maxBuffer: 64 * 1024 * 1024, timeout: 300_000, env: { ...process.env, CHROME_PATH: chromiumPath } },
  );
  const report = JSON.parse(stdout) as LighthouseReport;
  const score = (category: string) => Math.round((report.categories[category]?.score ?? 0) * 100);
  const metric = (audit: string) => Math.round((report.audits[audit]?.numericValue ?? Number.NaN) * 1000) / 1000;
  const lost = ["accessibility", "best-practices"].flatMap((category) =>
    (report.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && report.audits[ref.id]?.score !== null && (report.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => {
        const audit = report.audits[ref.id];
        // What the audit found (for the console's errors: each message and where it came from).
        const found = (audit?.details?.items ?? []).map((item) => `\n    ${item.description ?? ""} ${item.url ?? ""}`.trimEnd());
        return `${category}: ${audit?.title ?? ref.id} (weight ${ref.weight})${found.join("")}`;
      }),
  );
  // Each layout shift and the element that moved, when anything did.
  for (const shift of report.audits["layout-shifts"]?.details?.items ?? [])
    lost.push(`layout shift ${shift.score?.toFixed(3) ?? "?"}: ${shift.node?.snippet ?? "(no element)"}`);
  return {
    lost,
    performance: score("performance"),
    accessibility: score("accessibility"),
    "best-practices": score("best-practices"),
    metrics: {
      "first-contentful-paint": metric("first-contentful-paint"),
      "largest-contentful-paint": metric("largest-contentful-paint"),
      "total-blocking-time": metric("total-blocking-time"),
      "cumulative-layout-shift": metric("cumulative-layout-shift"),
      "speed-index": metric("speed-index"),
      interactive: metric("interactive"),
    },
  };
}
