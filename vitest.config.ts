import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { brandPlugin } from "./liff-app/build/brand-plugin.ts";
import { preactAliases, reactDependents } from "./liff-app/build/preact-aliases.ts";

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Three layers, one run: pure code and the fakes in Node, the BFF inside workerd against the
// fakes over real HTTP, and the React app in jsdom. Browser tests are separate (test:e2e).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/bff/**", "test/e2e/**", "test/liff-app/**"],
        },
      },
      {
        // The brand plugin validates brand/brand.config.json here too, so a bad field fails `npm test`.
        plugins: [react(), brandPlugin({ configPath: fromRoot("brand/brand.config.json") })],
        // The app renders on Preact in the tests as in the build (liff-app/build/preact-aliases.ts).
        resolve: {
          alias: [
            ...preactAliases,
            // ESM builds: the CommonJS ones, which Node picks, would require() React past the aliases.
            { find: /^react-router$/, replacement: fromRoot("node_modules/react-router/dist/development/index.mjs") },
            {
              find: /^@testing-library\/react$/,
              replacement: fromRoot("node_modules/@testing-library/react/dist/@testing-library/react.esm.js"),
            },
          ],
        },
        test: {
          name: "ui",
          server: { deps: { inline: reactDependents } },
          environment: "jsdom",
          include: ["test/liff-app/**/*.test.{ts,tsx}"],
          setupFiles: ["test/liff-app/setup.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            main: fromRoot("bff/index.ts"),
            wrangler: { configPath: fromRoot("wrangler.toml") },
            miniflare: {
              bindings: {
                LINE_API_BASE: inject("fakeLineUrl"),
                LIFF_CHANNEL_ID: inject("liffChannelId"),
                LIFF_ID: `${inject("liffChannelId")}-devmock`,
                LINE_CHANNEL_ACCESS_TOKEN: inject("lineChannelAccessToken"),
                LINE_CHANNEL_SECRET: inject("lineChannelSecret"),
                MERCHANT_ACCOUNT_LINK_URL: `${inject("merchantUrl")}/line/account-link`,
                MERCHANT_API_BASE: inject("merchantUrl"),
                MERCHANT_API_KEY: inject("merchantApiKey"),
                MERCHANT_TIMEOUT_MS: "1500",
                MEMBER_CARD_SECRET: randomBytes(32).toString("base64"),
                MERCHANT_HOOK_SECRET: randomBytes(32).toString("base64url"),
                TEST_MIGRATIONS: await readD1Migrations(fromRoot("bff/migrations")),
              },
            },
          })),
        ],
        test: {
          name: "bff",
          include: ["test/bff/**/*.test.ts"],
          globalSetup: ["test/fakes/vitest-global-setup.ts"],
          setupFiles: ["test/bff/apply-migrations.ts"],
        },
      },
    ],
  },
});
