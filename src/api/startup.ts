import { randomBytes } from "node:crypto";
import { CustomerApi, EmailIndexApi } from "../customers/customers-ingress.ts";
import type { Profile } from "../customers/domain/customer.ts";
import { checkPurpose, proofOf } from "../customers/domain/password-proof.ts";
import { ReplenishmentApi } from "../inventory/inventory-ingress.ts";
import { SHOP } from "../platform/restate/ingress-contract.ts";
import { ApiError } from "./api-errors.ts";
import type { ApiDeps } from "./context.ts";
import { call } from "./restate-client.ts";

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD: that account exists with role admin — created, or promoted and its
 * password set. Idempotent: when the account is already an admin with that password nothing is
 * written (so restarting replicas does not sign the admin out); a changed password is set, which
 * ends the account's sessions.
 */
export async function ensureAdmin(deps: ApiDeps, email: string, password: string): Promise<Profile> {
  const { restate, passwords } = deps;
  const id = await call(() => restate.object(EmailIndexApi, email).lookup());
  let replacePassword = true;
  if (id) {
    // Asked of the account with a proof for a fresh nonce: the hash never leaves the Customer object.
    const details = await call(() => restate.object(CustomerApi, id).signInDetails());
    const nonce = randomBytes(16).toString("base64url");
    const proof = proofOf(await passwords.derive(password, details.passwordParameters), checkPurpose(nonce));
    replacePassword = !(await call(() => restate.object(CustomerApi, id).checkPassword({ nonce, proof })));
    if (!replacePassword && details.customer.role === "admin") return details.customer;
  }
  const passwordHash = await passwords.hash(password);
  return call(() => restate.object(EmailIndexApi, email).bootstrapAdmin({ name: "Administrator", passwordHash, replacePassword }));
}

/** Keeps trying while Restate is unreachable (the API may start first); a refusal is final. */
export async function whenRestateAnswers<T>(
  deps: ApiDeps,
  signal: AbortSignal,
  what: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  for (let delay = 250; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) throw error;
      if (signal.aborted) return undefined;
      deps.log.warn({ retryInMs: delay }, `${what}: Restate not reachable yet`);
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
}

export async function bootstrapAdmin(deps: ApiDeps, signal: AbortSignal): Promise<Profile | undefined> {
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = deps.config;
  if (!email || !password) return undefined;
  const admin = await whenRestateAnswers(deps, signal, "admin bootstrap", () => ensureAdmin(deps, email, password));
  if (admin) deps.log.info({ customerId: admin.id }, "admin account ready");
  return admin;
}

/**
 * The replenishment scan's timer chain: every API replica asks for it at startup, and Restate keeps
 * exactly one (ensureScheduled is idempotent), so a shop has its schedule however it is deployed.
 */
export async function ensureSchedules(deps: ApiDeps, signal: AbortSignal): Promise<void> {
  await whenRestateAnswers(deps, signal, "replenishment schedule", () =>
    call(() => deps.restate.object(ReplenishmentApi, SHOP).ensureScheduled()),
  );
}
