// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const fromRoot = (path: string) => new URL(`../../../${path}`, import.meta.url);

/** The headers of the `/*` rule in liff-app/public/_headers (copied to the assets directory). */
function headersForEveryAsset(): Map<string, string> {
  const headers = new Map<string, string>();
  let inAllRule = false;
  for (const line of readFileSync(fromRoot("liff-app/public/_headers"), "utf8").split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      inAllRule = line.trim() === "/*";
      continue;
    }
    const separator = line.indexOf(":");
    if (inAllRule) headers.set(line.slice(0, separator).trim().toLowerCase(), line.slice(separator + 1).trim());
  }
  return headers;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe("the app's static asset headers (liff-app/public/_headers)", () => {
  const headers = headersForEveryAsset();
  const csp = directives(headers.get("content-security-policy") ?? "");

  it("sends nosniff, a referrer policy and frame protection with the HTML", () => {
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("allows no inline or eval'd script, no plugins and no base rewriting", () => {
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "https://static.line-scdn.net"]);
    for (const [, sources] of csp) {
      expect(sources).not.toContain("'unsafe-inline'");
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain("*");
      expect(sources).not.toContain("https:");
    }
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
  });

  it("lets the LIFF SDK reach exactly LINE's API, login, LIFF and SDK hosts, and show profile pictures", () => {
    expect(csp.get("connect-src")).toEqual([
      "'self'",
      "https://api.line.me",
      "https://access.line.me",
      "https://liff.line.me",
      "https://liffsdk.line-scdn.net",
    ]);
    expect(csp.get("img-src")).toEqual(expect.arrayContaining(["https://profile.line-scdn.net", "https://obs.line-scdn.net"]));
  });

  it("matches the page: index.html has no inline script for the CSP to block", () => {
    const html = readFileSync(fromRoot("liff-app/index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(content.trim()).toBe("");
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
