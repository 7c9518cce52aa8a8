import type { Context } from "hono";
import { CustomerApi, type CustomerClient } from "../customers/customers-ingress.ts";
import { ApiError, unauthenticated } from "./api-errors.ts";
import { principalOf } from "./auth/guards.ts";
import type { ApiEnv } from "./context.ts";
import { call } from "./restate-client.ts";

/** The caller's own Customer object; an account gone since the token was issued is a 401. */
export async function ownAccount<T>(c: Context<ApiEnv>, work: (customer: CustomerClient) => PromiseLike<T>): Promise<T> {
  const principal = principalOf(c);
  return call(() => work(c.var.deps.restate.object(CustomerApi, principal.customerId))).catch((error) => {
    if (error instanceof ApiError && error.status === 404 && error.message === `customer ${principal.customerId} not found`) {
      throw unauthenticated("the account of this access token no longer exists");
    }
    throw error;
  });
}
