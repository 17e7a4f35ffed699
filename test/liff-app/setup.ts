import { cleanup } from "@testing-library/react";
import { options } from "preact";
import { afterEach, vi } from "vitest";

// Browsers run Preact's effects after the next frame; jsdom draws no frames, so Preact would
// wait its 35 ms fallback after every render. A task does what the frame does in a browser.
options.requestAnimationFrame = (callback) => void setTimeout(callback, 0);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  // Pure-logic tests run in the node environment (faster); only jsdom tests have a DOM to reset.
  if (typeof document === "undefined") return;
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.lang = "";
  history.replaceState(null, "", "/");
});

if (typeof window !== "undefined") {
  // jsdom has neither scrolling nor the modal dialog's methods; these do what the app relies on.
  window.scrollTo = () => {};
  const dialog = HTMLDialogElement.prototype;
  // Polyfills written as methods on purpose: they use `this`, the dialog.
  // oxlint-disable-next-line typescript/unbound-method
  dialog.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  // oxlint-disable-next-line typescript/unbound-method
  dialog.close ??= function close(this: HTMLDialogElement, returnValue?: string) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    if (returnValue !== undefined) this.returnValue = returnValue;
    this.dispatchEvent(new Event("close"));
  };
}
