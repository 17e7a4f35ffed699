/// <reference types="vite/client" />

// The app's build-time settings (README › Configuration › The app).
interface ImportMetaEnv {
  readonly VITE_LIFF_ID?: string;
  readonly VITE_LIFF_MOCK?: string;
  /** The official account's basic ID ("@…"), for the add-friend link where LINE's dialog is missing. */
  readonly VITE_LINE_OA_ID?: string;
}

// The merchant's brand, validated and served by liff-app/build/brand-plugin.ts.
declare module "virtual:brand" {
  export const brand: import("./build/brand-plugin.ts").AppBrand;
}
declare module "virtual:brand.css";
