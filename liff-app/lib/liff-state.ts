/**
 * The in-app path a LIFF deep link (`?liff.state=<path>`) points at, or null when the URL has
 * none or it is not a same-origin path. liff.init() resolves liff.state itself in the LINE app;
 * the mock and some external-browser paths leave it in the URL, so the app finishes the job.
 */
export function resolveLiffStateDeepLink(url: URL): string | null {
  const state = url.searchParams.get("liff.state");
  if (!state) return null;
  // A path, never a scheme ("https:", "javascript:"); control characters have no place in one.
  // Control characters are exactly what this refuses.
  // oxlint-disable-next-line no-control-regex
  if (!state.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(state)) return null;

  // Judge the path after the browser's own normalisation, not the raw text: dot segments can
  // turn "/..//evil.example" into "//evil.example", which history.replaceState reads as a host.
  let target: URL;
  try {
    target = new URL(state, url.origin);
  } catch {
    return null;
  }
  if (target.origin !== url.origin) return null;
  const path = `${target.pathname}${target.search}${target.hash}`;
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  // The path must also stay on this origin when the browser resolves it again.
  return new URL(path, url.origin).origin === url.origin ? path : null;
}
