import type { Alias } from "vite";

/**
 * The app is written against React's API and runs on Preact (preact/compat): the same
 * components at about a quarter of react-dom's size, which keeps the first screen's JavaScript
 * within its budget (`npm run bench -- bundle`). The build, the dev server and the jsdom tests
 * all use these aliases, so what the tests render is what ships.
 */
export const preactAliases: Alias[] = [
  { find: /^react$/, replacement: "preact/compat" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react-dom\/test-utils$/, replacement: "preact/test-utils" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
];

/**
 * Packages that import React and must be bundled by Vite in the jsdom tests (not loaded by Node
 * from node_modules), so the aliases above reach their imports too.
 */
export const reactDependents: RegExp[] = [/@testing-library\/react/, /@tanstack\/react-query/, /react-router/];
