import type { Context, MiddlewareHandler } from "hono";
import { CustomerApi } from "../../customers/customers-ingress.ts";
import type { Role } from "../../customers/domain/customer.ts";
import { ApiError, forbidden, notFound, unauthenticated } from "../api-errors.ts";
import type { ApiEnv } from "../context.ts";
import { call } from "../restate-client.ts";
import type { Principal } from "./tokens.ts";

const BEARER = /^Bearer +([A-Za-z0-9_.~+/-]+=*) *$/i;

/** Reads a bearer token if one came; refusing is left to the routes that need one. */
export const identify: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const token = BEARER.exec(header)?.[1];
    const verdict = token
      ? await c.var.deps.accessTokens.verify(token)
      : { refused: "the Authorization header must be 'Bearer <accessToken>'" };
    if ("refused" in verdict) c.set("tokenRefused", verdict.refused);
    else c.set("principal", verdict);
  }
  await next();
};

/** The caller, or 401 `unauthenticated`. */
export function principalOf(c: Context<ApiEnv>): Principal {
  const principal = c.var.principal;
  if (principal) return principal;
  throw unauthenticated(c.var.tokenRefused ?? "this route needs an access token: Authorization: Bearer <accessToken>");
}

/** Route middleware: a signed-in caller. */
export const requireAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
  principalOf(c);
  await next();
};

/**
 * Route middleware: a signed-in caller with this role. The token's claim turns customers away at
 * once; the account's current role is then read, so a demoted admin loses admin routes immediately
 * rather than when the token expires.
 */
export function requireRole(role: Role): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const principal = principalOf(c);
    const refusal = () => forbidden(`this route is for ${role}s only`);
    if (principal.role !== role) throw refusal();
    const current = await call(() => c.var.deps.restate.object(CustomerApi, principal.customerId).get()).catch((error) => {
      if (error instanceof ApiError && error.status === 404) throw unauthenticated("the account of this access token no longer exists");
      throw error;
    });
    if (current.role !== role) throw refusal();
    await next();
  };
}

/**
 * Object-level ownership: another customer's resource answers exactly like a missing one (404),
 * so nobody learns that it exists. `ownerId` undefined means the resource was not found at all.
 */
export function requireOwner(principal: Principal, ownerId: string | undefined, notFoundMessage: string): void {
  if (ownerId === undefined || ownerId !== principal.customerId) throw notFound(notFoundMessage);
}
