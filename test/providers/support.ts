import { RetryableError, TerminalError } from "@restatedev/restate-sdk";
import { expect } from "vitest";
import { loadProviderConfig } from "../../src/providers/provider-config.ts";
import { ProviderHealthRegistry } from "../../src/providers/provider-health.ts";
import { createRealProviders } from "../../src/providers/real.ts";
import { fakeProviderEnv } from "../fakes/env.ts";

/** The real clients pointed at whichever fakes are given, with a health registry of their own. */
export function realProviders(urls: { stripe?: string; shippo?: string; sendgrid?: string }, overrides: Record<string, string> = {}) {
  const health = new ProviderHealthRegistry();
  const providers = createRealProviders(loadProviderConfig(fakeProviderEnv(urls, overrides)), health);
  const status = (provider: string) => {
    const found = health.snapshot().providers.find((p) => p.provider === provider);
    if (!found) throw new Error(`no health for ${provider}`);
    return found;
  };
  return { providers, health, status };
}

/** Awaits a rejection and returns the error, for assertions on its class and fields. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("expected a rejection, got a result");
}

export function expectTerminal(error: Error, code: number, message?: string | RegExp) {
  expect(error, error.message).toBeInstanceOf(TerminalError);
  expect((error as TerminalError).code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** Retryable in the contract's sense: anything but a TerminalError. */
export function expectRetryable(error: Error, message?: string | RegExp) {
  expect(error, error.message).not.toBeInstanceOf(TerminalError);
  if (message !== undefined) expect(error.message).toMatch(message);
}

export const retryAfterOf = (error: Error) => (error instanceof RetryableError ? error.retryAfter : undefined);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
