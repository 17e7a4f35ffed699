import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser tests: a real dev server (Worker in workerd + fakes) and Debian's Chromium.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
