import { createRoute } from "@hono/zod-openapi";
import { PASSWORD_RULE, type Profile } from "../../domain/customer.ts";
import { proofOf, sessionPurpose } from "../../domain/password-proof.ts";
import { formatRefreshToken, hashSecret, newSecret, newSessionId, parseRefreshToken } from "../auth/tokens.ts";
import type { ApiDeps } from "../context.ts";
import { ApiError, unauthenticated } from "../errors.ts";
import { routes } from "../openapi.ts";
import { call, writeOptions } from "../restate.ts";
import { errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, LoginBody, RefreshBody, RegisterBody, Tokens } from "../schemas.ts";

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
  const account = deps.restate.customer(customerId);
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
  request: { body: jsonBody(RegisterBody), headers: IdempotencyHeader },
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
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonAnswer("Signed in", Tokens), ...errorResponses(400, 401, 413, 415, 429, 503) },
});

const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["Customers and sign-in"],
  summary: "Exchange a refresh token for new tokens",
  description:
    "Rotation: the answer carries a new refresh token and the presented one stops working. Presenting a refresh token " +
    "that was already exchanged ends its whole session (reuse detection): whoever holds any of its tokens signs in " +
    "again. A retry whose first answer was lost therefore also ends the session.",
  request: { body: jsonBody(RefreshBody) },
  responses: { 200: jsonAnswer("New tokens", Tokens), ...errorResponses(400, 401, 413, 415, 429, 503) },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Customers and sign-in"],
  summary: "End the session of a refresh token",
  description:
    "204 also for a session that has already ended, and for a refresh token whose secret is not the session's (which ends nothing). " +
    "Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS).",
  request: { body: jsonBody(RefreshBody) },
  responses: { 204: { description: "Signed out" }, ...errorResponses(400, 413, 415, 429, 503) },
});

export function authRoutes() {
  const app = routes();

  app.openapi(register, async (c) => {
    const { deps } = c.var;
    const { email, password, name } = c.req.valid("json");
    const idempotencyKey = c.req.valid("header")["idempotency-key"];
    await deps.limits.register(c.var.clientIp, email);
    const done = deps.limits.signInSlot(c.var.clientIp);
    try {
      const passwordHash = await deps.passwords.hash(password);
      const session = newSession(deps);
      const taken = () => new ApiError(409, "email_taken", `email: ${email} is already registered; sign in instead`, { field: "email" });
      const created = await call(() =>
        deps.restate.emailIndex(email).register({ name, passwordHash, session: session.grant }, writeOptions(idempotencyKey)),
      ).catch((error) => {
        throw error instanceof ApiError && error.status === 409 ? taken() : error;
      });
      if (created.sessionId === session.id) return c.json(await tokens(deps, created.customer, session), 201, NO_STORE);

      // Restate answered from its record of an earlier call with this key: that call's tokens are
      // gone (only hashes were kept), and whoever replays a key must prove the password first.
      const signedIn = await signIn(deps, created.customer.id, password);
      if (!signedIn) throw taken();
      return c.json(await tokens(deps, signedIn.customer, signedIn.session), 201, NO_STORE);
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
      const customerId = await call(() => deps.restate.emailIndex(email).lookup());
      // The KDF runs for unknown emails too, so the answer's timing does not tell which emails exist.
      if (customerId) signedIn = await signIn(deps, customerId, password);
      else await deps.passwords.deriveNobody(password);
    } finally {
      done();
    }
    if (!signedIn) throw unauthenticated(WRONG_CREDENTIALS);
    await deps.limits.signInSucceeded(c.var.clientIp, email);
    return c.json(await tokens(deps, signedIn.customer, signedIn.session), 200, NO_STORE);
  });

  app.openapi(refresh, async (c) => {
    const { deps } = c.var;
    const presented = parseRefreshToken(c.req.valid("json").refreshToken)!;
    const next = newSecret();
    const result = await call(() =>
      deps.restate
        .customer(presented.customerId)
        .refresh({ sessionId: presented.sessionId, secretHash: hashSecret(presented.secret), nextSecretHash: hashSecret(next) }),
    ).catch((error) => {
      throw error instanceof ApiError && error.status === 404 ? unauthenticated(SPENT_REFRESH_TOKEN) : error;
    });
    if (result.outcome !== "rotated") throw unauthenticated(SPENT_REFRESH_TOKEN);
    return c.json(await tokens(deps, result.customer, { id: presented.sessionId, secret: next }), 200, NO_STORE);
  });

  app.openapi(logout, async (c) => {
    const { deps } = c.var;
    const presented = parseRefreshToken(c.req.valid("json").refreshToken)!;
    // The secret's hash, not just the session id (which every access token carries): only the token's holder signs it out.
    const ending = { sessionId: presented.sessionId, secretHash: hashSecret(presented.secret) };
    await call(() => deps.restate.customer(presented.customerId).endSession(ending)).catch((error) => {
      // No such account: no such session either, and signing out of nothing is done.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    });
    return c.body(null, 204);
  });

  return app;
}
