import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { CustomerApi, EmailIndexApi } from "../../customers/customers-ingress.ts";
import { PASSWORD_RULE, type Profile } from "../../customers/domain/customer.ts";
import { proofOf, sessionPurpose } from "../../customers/domain/password-proof.ts";
import { ApiError, unauthenticated } from "../api-errors.ts";
import { errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, LoginBody, RefreshBody, RegisterBody, Tokens } from "../api-schemas.ts";
import { type Audience, clearRefreshCookie, RefreshCookieHeader, readRefreshCookie, setRefreshCookie } from "../auth/refresh-cookie.ts";
import {
  formatRefreshToken,
  hashSecret,
  newSecret,
  newSessionId,
  parseRefreshToken,
  type RefreshToken,
  successorSecret,
} from "../auth/tokens.ts";
import type { ApiDeps, ApiEnv } from "../context.ts";
import { routes } from "../openapi.ts";
import { call, writeOptions } from "../restate-client.ts";

/** A new session: the grant Restate stores (hash only) and the secret only the client will hold. */
function newSession(deps: ApiDeps) {
  const id = newSessionId();
  const secret = newSecret();
  return { id, secret, grant: { id, secretHash: hashSecret(secret), ttlSeconds: deps.config.REFRESH_TOKEN_TTL_SECONDS } };
}

async function tokens(deps: ApiDeps, customer: Profile, session: { id: string; secret: string }) {
  return {
    customer: { id: customer.id, email: customer.email, name: customer.name, role: customer.role },
    accessToken: await deps.accessTokens.issue({ customerId: customer.id, role: customer.role, sessionId: session.id }),
    refreshToken: formatRefreshToken({ customerId: customer.id, sessionId: session.id, secret: session.secret }),
    tokenType: "Bearer" as const,
    expiresIn: deps.accessTokens.ttlSeconds,
  };
}

/**
 * Opens a session when the password is the account's, else undefined. The key is derived here, from
 * the stored parameters, and only a proof bound to the new session goes to Restate: the hash never
 * leaves the Customer object, and nothing journaled opens a second session.
 */
async function signIn(
  deps: ApiDeps,
  customerId: string,
  password: string,
): Promise<{ customer: Profile; session: { id: string; secret: string } } | undefined> {
  const account = deps.restate.object(CustomerApi, customerId);
  const details = await call(() => account.signInDetails());
  const key = await deps.passwords.derive(password, details.passwordParameters);
  const session = newSession(deps);
  const customer = await call(() => account.startSession({ ...session.grant, proof: proofOf(key, sessionPurpose(session.grant)) })).catch(
    (error) => {
      if (error instanceof ApiError && error.status === 401) return undefined;
      throw error;
    },
  );
  return customer ? { customer, session } : undefined;
}

/**
 * The tokens as the client asked for them: a browser that sent X-Refresh-Cookie gets the refresh
 * token in its HttpOnly cookie and not in the body; any other client gets it in the body.
 */
function deliver(c: Context<ApiEnv>, audience: Audience | undefined, answer: Awaited<ReturnType<typeof tokens>>) {
  if (!audience) return answer;
  setRefreshCookie(c, audience, answer.refreshToken);
  const { refreshToken: _inCookie, ...rest } = answer;
  return rest;
}

/** The refresh token of a refresh or sign-out: the body's, else (for a browser that asked) its cookie's. */
function presentedToken(c: Context<ApiEnv>, body: string | undefined, audience: Audience | undefined): RefreshToken | undefined {
  if (body !== undefined) return parseRefreshToken(body);
  if (!audience)
    throw new ApiError(400, "invalid_input", "refreshToken: is required (browsers send the refresh cookie with X-Refresh-Cookie instead)", {
      field: "refreshToken",
    });
  const cookie = readRefreshCookie(c, audience);
  return cookie === undefined ? undefined : parseRefreshToken(cookie);
}

const WRONG_CREDENTIALS = "email or password is incorrect";
const SPENT_REFRESH_TOKEN = "refreshToken is invalid, expired, revoked or already used; sign in again";
// Token answers must not be cached by anything between the API and the client (RFC 6749 §5.1).
const NO_STORE = { "cache-control": "no-store" };

const register = createRoute({
  method: "post",
  path: "/auth/register",
  tags: ["Customers and sign-in"],
  summary: "Create a customer account and sign in",
  description:
    `Passwords need ${PASSWORD_RULE} (any characters count; nothing is trimmed). Emails are compared in lower case. ` +
    "With an `Idempotency-Key`, a retry of the same request answers 201 again with fresh tokens for the same account, " +
    "but only when it carries the same password; otherwise it is the 409 of a taken email.",
  request: { body: jsonBody(RegisterBody), headers: IdempotencyHeader.merge(RefreshCookieHeader) },
  responses: { 201: jsonAnswer("Registered and signed in", Tokens), ...errorResponses(400, 409, 413, 415, 429, 503) },
});

const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Customers and sign-in"],
  summary: "Sign in with email and password",
  description:
    "An unknown email and a wrong password get the same 401 and take the same time. Failed sign-ins are limited " +
    "per client address and email, per client address, and per email across all addresses (429 with Retry-After); " +
    "sign-ins in flight per address and password hashing are bounded too (429, or 503 with Retry-After when the API is busy hashing).",
  request: { body: jsonBody(LoginBody), headers: RefreshCookieHeader },
  responses: { 200: jsonAnswer("Signed in", Tokens), ...errorResponses(400, 401, 413, 415, 429, 503) },
});

const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["Customers and sign-in"],
  summary: "Exchange a refresh token for new tokens",
  description:
    "Rotation: the answer carries a new refresh token and the presented one stops working. The token rotated away last " +
    "is still answered, with the same new token, for REFRESH_TOKEN_REUSE_GRACE_SECONDS (10 s by default) after its " +
    "rotation: two tabs refreshing at once, or a retry whose first answer was lost. Presenting it later, or any older " +
    "token of the session, ends the whole session (reuse detection): whoever holds any of its tokens signs in again. " +
    "Browsers send `{}` with `X-Refresh-Cookie: shop|admin` and the HttpOnly refresh cookie of that audience, and get the " +
    "new refresh token in that cookie only; without the header the cookie is ignored.",
  request: { body: jsonBody(RefreshBody), headers: RefreshCookieHeader },
  responses: { 200: jsonAnswer("New tokens", Tokens), ...errorResponses(400, 401, 413, 415, 429, 503) },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Customers and sign-in"],
  summary: "End the session of a refresh token",
  description:
    "204 also for a session that has already ended, and for a refresh token whose secret is not the session's (which ends nothing). " +
    "Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS). Browsers send `{}` with " +
    "`X-Refresh-Cookie: shop|admin`: the session of that cookie ends (when its secret is right) and the cookie is cleared.",
  request: { body: jsonBody(RefreshBody), headers: RefreshCookieHeader },
  responses: { 204: { description: "Signed out" }, ...errorResponses(400, 413, 415, 429, 503) },
});

export function authRoutes() {
  const app = routes();

  app.openapi(register, async (c) => {
    const { deps } = c.var;
    const { email, password, name } = c.req.valid("json");
    const { "idempotency-key": idempotencyKey, "x-refresh-cookie": audience } = c.req.valid("header");
    await deps.limits.register(c.var.clientIp, email);
    const done = deps.limits.signInSlot(c.var.clientIp);
    try {
      const passwordHash = await deps.passwords.hash(password);
      const session = newSession(deps);
      const taken = () => new ApiError(409, "email_taken", `email: ${email} is already registered; sign in instead`, { field: "email" });
      const created = await call(() =>
        deps.restate.object(EmailIndexApi, email).register({ name, passwordHash, session: session.grant }, writeOptions(idempotencyKey)),
      ).catch((error) => {
        throw error instanceof ApiError && error.status === 409 ? taken() : error;
      });
      if (created.sessionId === session.id)
        return c.json(deliver(c, audience, await tokens(deps, created.customer, session)), 201, NO_STORE);

      // Restate answered from its record of an earlier call with this key: that call's tokens are
      // gone (only hashes were kept), and whoever replays a key must prove the password first.
      const signedIn = await signIn(deps, created.customer.id, password);
      if (!signedIn) throw taken();
      return c.json(deliver(c, audience, await tokens(deps, signedIn.customer, signedIn.session)), 201, NO_STORE);
    } finally {
      done();
    }
  });

  app.openapi(login, async (c) => {
    const { deps } = c.var;
    const { email, password } = c.req.valid("json");
    // First the slot: a sign-in turned away for being one too many in flight checks no password, and counts as no failure.
    const done = deps.limits.signInSlot(c.var.clientIp);
    let signedIn: Awaited<ReturnType<typeof signIn>> | undefined;
    try {
      await deps.limits.signInAttempt(c.var.clientIp, email);
      const customerId = await call(() => deps.restate.object(EmailIndexApi, email).lookup());
      // The KDF runs for unknown emails too, so the answer's timing does not tell which emails exist.
      if (customerId) signedIn = await signIn(deps, customerId, password);
      else await deps.passwords.deriveNobody(password);
    } finally {
      done();
    }
    if (!signedIn) throw unauthenticated(WRONG_CREDENTIALS);
    await deps.limits.signInSucceeded(c.var.clientIp, email);
    return c.json(
      deliver(c, c.req.valid("header")["x-refresh-cookie"], await tokens(deps, signedIn.customer, signedIn.session)),
      200,
      NO_STORE,
    );
  });

  app.openapi(refresh, async (c) => {
    const { deps } = c.var;
    const audience = c.req.valid("header")["x-refresh-cookie"];
    const presented = presentedToken(c, c.req.valid("json").refreshToken, audience);
    if (!presented) throw unauthenticated(SPENT_REFRESH_TOKEN);
    const next = successorSecret(deps.rotationKey, presented);
    const result = await call(() =>
      deps.restate.object(CustomerApi, presented.customerId).refresh({
        sessionId: presented.sessionId,
        secretHash: hashSecret(presented.secret),
        nextSecretHash: hashSecret(next),
        graceSeconds: deps.config.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
      }),
    ).catch((error) => {
      throw error instanceof ApiError && error.status === 404 ? unauthenticated(SPENT_REFRESH_TOKEN) : error;
    });
    if (result.outcome !== "rotated") {
      if (audience) clearRefreshCookie(c, audience);
      throw unauthenticated(SPENT_REFRESH_TOKEN);
    }
    return c.json(deliver(c, audience, await tokens(deps, result.customer, { id: presented.sessionId, secret: next })), 200, NO_STORE);
  });

  app.openapi(logout, async (c) => {
    const { deps } = c.var;
    const audience = c.req.valid("header")["x-refresh-cookie"];
    const presented = presentedToken(c, c.req.valid("json").refreshToken, audience);
    if (audience) clearRefreshCookie(c, audience);
    if (!presented) return c.body(null, 204);
    // The secret's hash, not just the session id (which every access token carries): only the token's holder signs it out.
    const ending = { sessionId: presented.sessionId, secretHash: hashSecret(presented.secret) };
    await call(() => deps.restate.object(CustomerApi, presented.customerId).endSession(ending)).catch((error) => {
      // No such account: no such session either, and signing out of nothing is done.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    });
    return c.body(null, 204);
  });

  return app;
}
