import { UpstreamError } from "./errors.ts";
import { errors, jwtVerify } from "jose";
import { LineSigningKeys, type KeySetDependencies } from "./line-signing-keys.ts";

export const LINE_ID_TOKEN_ISSUER = "https://access.line.me";
const CLOCK_SKEW_SECONDS = 30;

/** The claims of a verified LIFF ID token that the BFF relies on. */
export interface VerifiedLiffIdToken {
  sub: string;
  name: string | null;
  picture: string | null;
}

export interface VerifyLiffIdTokenOptions {
  /** The JWKS endpoint, `${LINE_API_BASE}/oauth2/v2.1/certs`. */
  jwksUrl: string;
  /** The LINE Login channel that owns the LIFF app; must equal the token's `aud`. */
  channelId: string;
  /** Lets a key refresh outlive the request (`executionCtx.waitUntil`). */
  waitUntil?: KeySetDependencies["waitUntil"];
}

export class InvalidIdTokenError extends Error {
  override name = "InvalidIdTokenError";
}

// One key set per JWKS URL for the isolate's lifetime (see LineSigningKeys): requests verify
// from keys in memory and never wait on LINE once an isolate has them.
const keySets = new Map<string, LineSigningKeys>();
function keySetFor(jwksUrl: string): LineSigningKeys {
  let keySet = keySets.get(jwksUrl);
  if (!keySet) {
    keySet = new LineSigningKeys(jwksUrl);
    keySets.set(jwksUrl, keySet);
  }
  return keySet;
}

/** Verifies a LIFF ID token locally (ES256 only, issuer, audience, expiry) and returns its claims. */
export async function verifyLiffIdToken(token: string, options: VerifyLiffIdTokenOptions): Promise<VerifiedLiffIdToken> {
  try {
    const keys = keySetFor(options.jwksUrl);
    const { payload } = await jwtVerify(token, (header, jws) => keys.keyFor(header, jws, { waitUntil: options.waitUntil }), {
      algorithms: ["ES256"],
      issuer: LINE_ID_TOKEN_ISSUER,
      audience: options.channelId,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ["sub", "exp", "iat"],
    });
    // jose checks iat only against a maximum age; a token from the future is refused here.
    if (typeof payload.iat !== "number" || payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
      throw new InvalidIdTokenError("the token's iat claim is not accepted");
    }
    if (typeof payload.sub !== "string" || payload.sub.length === 0) {
      throw new InvalidIdTokenError("the token has no subject");
    }
    return {
      sub: payload.sub,
      name: typeof payload.name === "string" ? payload.name : null,
      picture: typeof payload.picture === "string" ? payload.picture : null,
    };
  } catch (error) {
    if (error instanceof InvalidIdTokenError || error instanceof UpstreamError) throw error;
    if (isKeySetFailure(error)) {
      throw new UpstreamError("upstream_unavailable", "LINE's signing keys could not be fetched", { cause: error });
    }
    throw new InvalidIdTokenError(describeJoseError(error as errors.JOSEError));
  }
}

// A token problem is the caller's fault (401); failing to fetch LINE's keys is not.
function isKeySetFailure(error: unknown): boolean {
  return (
    !(error instanceof errors.JOSEError) ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === "ERR_JOSE_GENERIC"
  );
}

function describeJoseError(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token is not signed with ES256";
  if (error instanceof errors.JWKSNoMatchingKey) return "the token is signed by an unknown key";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature is invalid";
  return "the token is malformed";
}
