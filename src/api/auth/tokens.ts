import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { CUSTOMER_ID, ROLES, type Role, SESSION_ID } from "../../customers/domain/customer.ts";

const ISSUER = "restate-commerce";
const AUDIENCE = "restate-commerce-api";
const CLOCK_TOLERANCE_SECONDS = 5;

/** Who is calling, from a verified access token. */
export interface Principal {
  customerId: string;
  role: Role;
  sessionId: string;
}

/**
 * Short-lived HS256 access tokens (jose). They carry the customer id, role and session id, and are
 * never sent on to Restate: the API verifies them and calls Restate with the customer id only.
 */
export class AccessTokens {
  readonly #key: Uint8Array;
  readonly ttlSeconds: number;

  constructor(secret: string, ttlSeconds: number) {
    this.#key = new TextEncoder().encode(secret);
    this.ttlSeconds = ttlSeconds;
  }

  issue(principal: Principal): Promise<string> {
    return new SignJWT({ role: principal.role, sid: principal.sessionId })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(principal.customerId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.#key);
  }

  /** The principal, or why the token is refused (a reason safe to show: it never echoes the token). */
  async verify(token: string): Promise<Principal | { refused: string }> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        // A token without an expiry would be a key for life; maxTokenAge also refuses an `iat` in the future.
        requiredClaims: ["exp", "iat", "sub"],
        maxTokenAge: this.ttlSeconds,
        // Replicas' clocks differ a little: a token issued by one a second ahead is still good on another.
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      const { sub, role, sid } = payload;
      if (
        typeof sub !== "string" ||
        !CUSTOMER_ID.test(sub) ||
        !ROLES.includes(role as Role) ||
        typeof sid !== "string" ||
        !SESSION_ID.test(sid)
      ) {
        return { refused: "the access token is not one this API issued" };
      }
      return { customerId: sub, role: role as Role, sessionId: sid };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return { refused: "the access token has expired; refresh it" };
      return { refused: "the access token is invalid" };
    }
  }
}

/** A refresh token: `<customerId>.<sessionId>.<secret>`. Restate keeps only the SHA-256 of the secret. */
export interface RefreshToken {
  customerId: string;
  sessionId: string;
  secret: string;
}

const REFRESH_TOKEN = /^(cus_[0-9a-f]{32})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
export const REFRESH_TOKEN_PATTERN = REFRESH_TOKEN.source;

export const newSessionId = () => randomBytes(16).toString("base64url");
export const newSecret = () => randomBytes(32).toString("base64url");
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** The key refresh-token successors are derived with (from JWT_SECRET, the same on every replica). */
export const rotationKey = (jwtSecret: string) =>
  Buffer.from(hkdfSync("sha256", jwtSecret, "restate-commerce", "refresh-token rotation", 32));

/**
 * The secret that replaces a presented one. Derived, not drawn: two tabs presenting the same cookie
 * at once, or a retry of a refresh whose answer was lost, get the same successor, which the grace
 * of rotateSession accepts. Unguessable without the key, and only the holder of the presented
 * secret can ask for it.
 */
export const successorSecret = (key: Buffer, token: RefreshToken) =>
  createHmac("sha256", key).update(`${token.sessionId}\n${token.secret}`).digest("base64url");

export const formatRefreshToken = (token: RefreshToken) => `${token.customerId}.${token.sessionId}.${token.secret}`;

export function parseRefreshToken(text: string): RefreshToken | undefined {
  const parts = REFRESH_TOKEN.exec(text);
  return parts ? { customerId: parts[1]!, sessionId: parts[2]!, secret: parts[3]! } : undefined;
}
