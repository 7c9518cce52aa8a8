import { configDefaults, defineConfig } from "vitest/config";

/**
 * The unit lane: tests that start nothing (no PostgreSQL, no restate-server, no endpoint, API, fake
 * provider server or browser) and read nothing the global setup provides. `npm run test:unit` runs
 * only these; test/config/unit-lane.test.ts holds every file here to that.
 */
export const UNIT_TESTS = [
  "test/domain/**/*.test.ts",
  "test/unit/**/*.test.ts",
  "test/api/client-ip.test.ts",
  "test/api/guards.test.ts",
  "test/chaos/invariants.test.ts",
  "test/config/cluster-compose.test.ts",
  "test/config/deployment-files.test.ts",
  "test/config/docs-tables.test.ts",
  "test/config/metrics-token.test.ts",
  "test/config/module-state.test.ts",
  "test/config/unit-lane.test.ts",
  "test/mocks/mock-providers.test.ts",
  "test/providers/config.test.ts",
  "test/providers/resilience.test.ts",
  "test/providers/run-policies.test.ts",
  "test/ui/test-cards.test.ts",
  "test/webhooks/shippo-token.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: one restate-server, the in-process endpoint and two test workers are the most it carries.
    maxWorkers: 2,
    projects: [
      // Unit files share their worker's modules (not isolated): importing the SDK and the schemas
      // once is most of the lane's time. So a unit test leaves no module state another relies on.
      { extends: true, test: { name: "unit", include: UNIT_TESTS, isolate: false } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
    ],
  },
});
