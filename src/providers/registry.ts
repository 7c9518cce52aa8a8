import type { RunOptions } from "@restatedev/restate-sdk";
import type { Providers } from "./types.ts";

export type ProviderOperation = "authorize" | "capture" | "void" | "refund" | "quote" | "label" | "tracking" | "email";

/** `ctx.run` retry options per provider operation: retries belong to Restate, not to the clients. */
export type RunPolicies = Record<ProviderOperation, RunOptions<unknown>>;

interface Installed {
  providers: Providers;
  policies: RunPolicies;
}

let installed: Installed | undefined;

/** Chosen once at startup (mocks or real clients); handlers never construct providers themselves. */
export function installProviders(providers: Providers, policies: RunPolicies): void {
  installed = { providers, policies };
}

export function providers(): Providers {
  if (!installed) throw new Error("providers are not installed: createEndpoint() must run first");
  return installed.providers;
}

export function runPolicy(operation: ProviderOperation): RunOptions<unknown> {
  if (!installed) throw new Error("providers are not installed: createEndpoint() must run first");
  return installed.policies[operation];
}
