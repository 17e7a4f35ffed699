import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

afterEach(() => {
  vi.unstubAllGlobals();
  // Pure-logic tests run in the node environment (faster); only jsdom tests have a DOM to reset.
  if (typeof document === "undefined") return;
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.lang = "";
  history.replaceState(null, "", "/");
});
