/**
 * The app's LIFF URL for a path in it (https://liff.line.me/{liffId}/card?x=1): opened outside
 * LINE, it hands the screen to the LINE app where the phone has it. The same shape as
 * liff.permanentLink.createUrlBy() for an endpoint at the origin's root, without loading that
 * module: https://developers.line.biz/en/docs/liff/opening-liff-app/#use-case-permanent-link
 */
export function liffUrlFor(liffId: string, pathAndQuery: string): string {
  return `https://liff.line.me/${liffId}${pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`}`;
}
