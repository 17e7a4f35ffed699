/**
 * The in-app path a LIFF deep link (`?liff.state=<path>`) points at, or null when the URL has
 * none or it is not a same-origin path. liff.init() resolves liff.state itself in the LINE app;
 * the mock and some external-browser paths leave it in the URL, so the app finishes the job.
 */
export function resolveLiffStateDeepLink(url: URL): string | null {
  const state = url.searchParams.get("liff.state");
  if (!state) return null;
  // Only "/path": "//host" and "/\host" are protocol-relative in browsers, and a scheme
  // ("https:", "javascript:") leaves the app. Control characters have no place in a path.
  if (!state.startsWith("/") || state.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(state)) return null;

  let target: URL;
  try {
    target = new URL(state, url.origin);
  } catch {
    return null;
  }
  if (target.origin !== url.origin) return null;
  return `${target.pathname}${target.search}${target.hash}`;
}
