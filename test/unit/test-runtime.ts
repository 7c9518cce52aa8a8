import type { Runtime } from "../../src/providers/runtime.ts";
import { buildRuntime } from "../../src/server/build-runtime.ts";
import { loadAppConfig } from "../../src/server/endpoint-config.ts";
import type { Settings } from "../../src/server/settings.ts";

/**
 * A runtime as a mock-mode endpoint with the default settings has it, with what the test gives in
 * place of its parts (its own providers, other settings). Building it starts nothing; its pool, the
 * address a placeholder, would connect only on a query.
 */
export function testRuntime(overrides: Partial<Runtime<Settings>> = {}, env: Record<string, string> = {}): Runtime<Settings> {
  const source = { MOCK_MODE: "true", DATABASE_URL: "postgres://unit-tests.invalid/none", ...env };
  return { ...buildRuntime(loadAppConfig(source), source), ...overrides };
}
