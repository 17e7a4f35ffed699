import type { Plugin } from "vite";

/**
 * LIFF mock builds only (VITE_LIFF_MOCK=true: `npm run dev`'s production-like builds and the card
 * bench): adds `<link rel="modulepreload">` for the mock LIFF's chunk, so it downloads with the
 * page's first script. In a production build the real SDK is part of that script and LIFF's init
 * starts the moment it runs; without this the mock's chunk would add a round trip to every cold
 * open that production does not have, and the bench would measure the mock, not the app.
 */
export function preloadMockLiffPlugin(): Plugin {
  return {
    name: "preload-mock-liff",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle, chunk: entry }) {
        if (process.env.VITE_LIFF_MOCK !== "true" || !bundle || !entry) return [];
        const mock = Object.values(bundle).find(
          (output) => output.type === "chunk" && (output.facadeModuleId ?? "").endsWith("/liff-app/dev/mock-liff.ts"),
        );
        if (!mock || !entry.dynamicImports.includes(mock.fileName)) return [];
        return [{ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `/${mock.fileName}` }, injectTo: "head" }];
      },
    },
  };
}
