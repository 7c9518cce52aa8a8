import { expect, it } from "vitest";
import { PROFILES } from "../../scripts/lib/chaos/plan.ts";
import { formatReport, runChaos } from "../../scripts/lib/chaos/run.ts";

// Its own restate-server and endpoint processes (killed on purpose), not the shared test server.
it("keeps every invariant, projections included, while endpoints, the restate-server and PostgreSQL are SIGKILLed (small profile)", async () => {
  const seed = Number(process.env.CHAOS_SEED ?? 1);
  const report = await runChaos({ ...PROFILES.small, seed });
  console.log(formatReport(report));

  expect(report.violations).toEqual([]);
  expect(report.kills).toEqual({
    server: PROFILES.small.serverKills,
    postgres: PROFILES.small.postgresKills,
    "endpoint-0": PROFILES.small.endpointKills,
    "endpoint-1": PROFILES.small.endpointKills,
  });
  expect(Object.values(report.outcomes).reduce((a, b) => a + b, 0)).toBe(PROFILES.small.orders);
  expect(Object.keys(report.outcomes).length).toBeGreaterThanOrEqual(4);
}, 240_000);
