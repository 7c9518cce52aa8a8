import { loadAppConfig } from "../../src/server/endpoint-config.ts";
import { buildRuntime, type Runtime } from "../../src/server/runtime.ts";

/**
 * A runtime as a mock-mode endpoint with the default settings has it, with what the test gives in
 * place of its parts (its own providers, other settings). Building it starts nothing; its pool, the
 * address a placeholder, would connect only on a query.
 */
export function testRuntime(overrides: Partial<Runtime> = {}, env: Record<string, string> = {}): Runtime {
  const source = { MOCK_MODE: "true", DATABASE_URL: "postgres://unit-tests.invalid/none", ...env };
  return { ...buildRuntime(loadAppConfig(source), source), ...overrides };
}
