/** The `sub` of a LIFF ID token (a JWT), read without checking it: only to keep caches apart. */
export function lineUserIdOf(idToken: string | null): string | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims: unknown = JSON.parse(json);
    return typeof claims === "object" && claims !== null && "sub" in claims && typeof claims.sub === "string" ? claims.sub : null;
  } catch {
    return null;
  }
}
