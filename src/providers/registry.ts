import { instrumented } from "./instrumented.ts";
import type { ProviderOperation, RunRetryPolicy } from "./run-policies.ts";
import type { Providers } from "./types.ts";

export type { ProviderOperation } from "./run-policies.ts";

/** `ctx.run` retry options per provider operation: retries belong to Restate, not to the clients. */
export type RunPolicies = Record<ProviderOperation, RunRetryPolicy>;

interface Installed {
  providers: Providers;
  policies: RunPolicies;
}

let installed: Installed | undefined;

/** Chosen once at startup (mocks or real clients), each call measured; handlers never construct providers themselves. */
export function installProviders(providers: Providers, policies: RunPolicies): void {
  installed = { providers: instrumented(providers), policies };
}

export function providers(): Providers {
  if (!installed) throw new Error("providers are not installed: createEndpoint() must run first");
  return installed.providers;
}

export function runPolicy(operation: ProviderOperation): RunRetryPolicy {
  if (!installed) throw new Error("providers are not installed: createEndpoint() must run first");
  return installed.policies[operation];
}
