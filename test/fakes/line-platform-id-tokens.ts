import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { devPersona, type DevPersonaKey } from "./personas.ts";

export const LINE_ID_TOKEN_ISSUER = "https://access.line.me";
const ID_TOKEN_LIFETIME_SECONDS = 3600;

const PersonaKey = z.enum(["unlinked", "linked", "staff", "admin"]) satisfies z.ZodType<DevPersonaKey>;

/**
 * The scopes a LIFF app can hold. "Channel consent simplification", mandatory for new Japanese
 * LINE MINI App channels since 2026-01-08, grants only `openid` up front; `profile` (name and
 * picture) comes later from the permission screen (liff.permission.requestAll()):
 * https://developers.line.biz/en/docs/line-mini-app/develop/channel-consent-simplification/
 */
export const LiffScope = z.enum(["openid", "profile", "email", "chat_message.write"]);
export type LiffScope = z.infer<typeof LiffScope>;

/** What a user has granted on first opening a channel with consent simplification on. */
export const SIMPLIFIED_CONSENT_SCOPES: readonly LiffScope[] = ["openid"];

/** What a caller may ask for when minting an ID token; everything but persona/sub defaults. */
export const MintIdTokenRequest = z
  .object({
    persona: PersonaKey.optional(),
    sub: z.string().min(1).optional(),
    /**
     * What the user has granted; a persona's name and picture are in the token only with
     * "profile" (LINE puts the profile claims in ID tokens of the profile scope alone). Default:
     * openid only, as under consent simplification.
     */
    scopes: z.array(LiffScope).min(1).optional(),
    // null leaves the claim out, the way a MINI App token looks before the user grants profile;
    // a string puts it in whatever the scopes.
    name: z.string().min(1).nullable().optional(),
    picture: z.string().min(1).nullable().optional(),
    aud: z.string().min(1).optional(),
    iss: z.string().min(1).optional(),
    expiresInSeconds: z.number().int().optional(),
    nonce: z.string().min(1).optional(),
    amr: z.array(z.string().min(1)).optional(),
  })
  .refine((request) => request.persona !== undefined || request.sub !== undefined, {
    message: "either persona or sub is required",
    path: ["persona"],
  });
export type MintClaims = z.input<typeof MintIdTokenRequest>;

export interface MintedIdToken {
  idToken: string;
  expiresAt: Date;
}

/** The public half of the signing key, in the shape LINE serves at /oauth2/v2.1/certs. */
export interface LineJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  kid: string;
  alg: "ES256";
  use: "sig";
}

export interface IdTokenIssuer {
  jwks(): { keys: LineJwk[] };
  mint(claims: MintClaims): Promise<MintedIdToken>;
  /**
   * Starts signing with a new key, the way LINE rotates: the new key is published before any
   * token uses it, and the previous one stays published for tokens already handed out.
   */
  rotate(): Promise<{ kid: string }>;
}

/** Creates an ES256 key pair and signs LINE-shaped ID tokens with it; `rotate` adds a new one. */
export async function createIdTokenIssuer(channelId: string): Promise<IdTokenIssuer> {
  const newKey = async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const kid = randomBytes(32).toString("hex");
    return { privateKey, kid, publicJwk: toLineJwk(await exportJWK(publicKey), kid) };
  };
  let current = await newKey();
  let previous: LineJwk | null = null;

  return {
    jwks: () => ({ keys: previous ? [current.publicJwk, previous] : [current.publicJwk] }),
    mint: (claims) =>
      signIdToken(MintIdTokenRequest.parse(claims), { privateKey: current.privateKey, kid: current.kid, channelId }),
    rotate: async () => {
      const next = await newKey();
      previous = current.publicJwk;
      current = next;
      return { kid: next.kid };
    },
  };
}

function toLineJwk(jwk: JWK, kid: string): LineJwk {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.x || !jwk.y) throw new Error("expected a P-256 public key");
  return { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, kid, alg: "ES256", use: "sig" };
}

interface Signer {
  privateKey: CryptoKey;
  kid: string;
  channelId: string;
}

async function signIdToken(request: z.output<typeof MintIdTokenRequest>, signer: Signer): Promise<MintedIdToken> {
  const persona = request.persona ? devPersona(request.persona) : null;
  const sub = request.sub ?? persona?.lineUserId;
  if (sub === undefined) throw new Error("either persona or sub is required");
  // The profile claims need the profile scope: https://developers.line.biz/en/docs/line-login/verify-id-token/
  const profileGranted = (request.scopes ?? SIMPLIFIED_CONSENT_SCOPES).includes("profile");
  const name = request.name === undefined ? (profileGranted ? persona?.displayName : undefined) : request.name;
  const picture = request.picture === undefined ? (profileGranted ? persona?.pictureUrl : undefined) : request.picture;

  const nowSeconds = Math.floor(Date.now() / 1000);
  const lifetime = request.expiresInSeconds ?? ID_TOKEN_LIFETIME_SECONDS;
  const exp = nowSeconds + lifetime;
  // A real stale token was issued a full lifetime before it expired; keep iat < exp so an
  // expired token fails only on exp, as it would in production.
  const iat = lifetime > 0 ? nowSeconds : exp - ID_TOKEN_LIFETIME_SECONDS;

  const idToken = await new SignJWT({
    ...(name ? { name } : {}),
    ...(picture ? { picture } : {}),
    ...(request.nonce ? { nonce: request.nonce } : {}),
    ...(request.amr ? { amr: request.amr } : {}),
  })
    .setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: "JWT" })
    .setIssuer(request.iss ?? LINE_ID_TOKEN_ISSUER)
    .setSubject(sub)
    .setAudience(request.aud ?? signer.channelId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(signer.privateKey);

  return { idToken, expiresAt: new Date(exp * 1000) };
}
