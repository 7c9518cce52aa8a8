import { createRoute, z } from "@hono/zod-openapi";
import { AddressId, PASSWORD_RULE } from "../../customers/domain/customer.ts";
import { changePurpose, proofOf } from "../../customers/domain/password-proof.ts";
import { ApiError } from "../api-errors.ts";
import {
  Address,
  AddressBody,
  AddressList,
  BEARER,
  ChangePasswordBody,
  errorResponses,
  IdempotencyHeader,
  jsonAnswer,
  jsonBody,
  ListQuery,
  Profile,
  page,
  UpdateMeBody,
} from "../api-schemas.ts";
import { requireAuth } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { ownAccount } from "../own-account.ts";
import { writeOptions } from "../restate-client.ts";

const tags = ["Customers and sign-in"];

const profileOf = ({ id, email, name, role, loyaltyTier, createdAt }: z.infer<typeof Profile>) => ({
  id,
  email,
  name,
  role,
  loyaltyTier,
  createdAt,
});

const getMe = createRoute({
  method: "get",
  path: "/me",
  tags,
  summary: "Your profile",
  security: BEARER,
  middleware: [requireAuth] as const,
  responses: { 200: jsonAnswer("The profile", Profile), ...errorResponses(401, 429, 503) },
});

const putMe = createRoute({
  method: "put",
  path: "/me",
  tags,
  summary: "Change your name",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { body: jsonBody(UpdateMeBody), headers: IdempotencyHeader },
  responses: { 200: jsonAnswer("The profile", Profile), ...errorResponses(400, 401, 413, 415, 429, 503) },
});

const listAddresses = createRoute({
  method: "get",
  path: "/me/addresses",
  tags,
  summary: "Your saved addresses",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { query: ListQuery },
  responses: { 200: jsonAnswer("Addresses, oldest first", AddressList), ...errorResponses(400, 401, 429, 503) },
});

const addAddress = createRoute({
  method: "post",
  path: "/me/addresses",
  tags,
  summary: "Save an address",
  description: "At most 20 addresses per customer (409 beyond). With an Idempotency-Key a retry saves it once.",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { body: jsonBody(AddressBody), headers: IdempotencyHeader },
  responses: { 201: jsonAnswer("The saved address", Address), ...errorResponses(400, 401, 409, 413, 415, 429, 503) },
});

const deleteAddress = createRoute({
  method: "delete",
  path: "/me/addresses/{id}",
  tags,
  summary: "Delete a saved address",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { params: z.object({ id: AddressId }), headers: IdempotencyHeader },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 404, 429, 503) },
});

const changePassword = createRoute({
  method: "post",
  path: "/me/password",
  tags,
  summary: "Change your password",
  description:
    `The new password needs ${PASSWORD_RULE}. A wrong currentPassword is a 403 (\`wrong_password\`) and counts as a failed ` +
    "sign-in: the same limits apply (429 with Retry-After). On success every other session of the account ends (their " +
    "refresh tokens stop working; access tokens already issued last until they expire); this one goes on.",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ChangePasswordBody) },
  responses: { 204: { description: "Changed" }, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
});

export function meRoutes() {
  const app = routes();

  app.openapi(getMe, async (c) => c.json(profileOf(await ownAccount(c, (me) => me.get())), 200));

  app.openapi(putMe, async (c) => {
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    return c.json(profileOf(await ownAccount(c, (me) => me.updateProfile(body, writeOptions(key)))), 200);
  });

  app.openapi(changePassword, async (c) => {
    const { deps, principal } = c.var;
    const { currentPassword, newPassword } = c.req.valid("json");
    const { email } = await ownAccount(c, (me) => me.get());
    const done = deps.limits.signInSlot(c.var.clientIp);
    let changed: boolean;
    try {
      await deps.limits.signInAttempt(c.var.clientIp, email);
      const details = await ownAccount(c, (me) => me.signInDetails());
      const key = await deps.passwords.derive(currentPassword, details.passwordParameters);
      const newPasswordHash = await deps.passwords.hash(newPassword);
      // The proof names the new hash: what the journal holds sets this password and no other.
      const proof = proofOf(key, changePurpose(newPasswordHash));
      changed = await ownAccount(c, (me) => me.changePassword({ proof, newPasswordHash, keepSessionId: principal!.sessionId })).then(
        () => true,
        (error) => {
          if (error instanceof ApiError && error.status === 401) return false;
          throw error;
        },
      );
    } finally {
      done();
    }
    if (!changed)
      throw new ApiError(403, "wrong_password", "currentPassword: is not this account's password", { field: "currentPassword" });
    await deps.limits.signInSucceeded(c.var.clientIp, email);
    return c.body(null, 204);
  });

  app.openapi(listAddresses, async (c) => {
    const { addresses } = await ownAccount(c, (me) => me.get());
    return c.json(page(addresses, c.req.valid("query")), 200);
  });

  app.openapi(addAddress, async (c) => {
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    return c.json(await ownAccount(c, (me) => me.addAddress(body, writeOptions(key))), 201);
  });

  app.openapi(deleteAddress, async (c) => {
    const { id } = c.req.valid("param");
    // With a key, a retry after a lost answer is the same 204, not a 404 for what it deleted.
    await ownAccount(c, (me) => me.removeAddress({ id }, writeOptions(c.req.valid("header")["idempotency-key"])));
    return c.body(null, 204);
  });

  return app;
}
