import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl } from "../support/restate.ts";

/** Two replicas behind one load balancer, here taking turns: each request goes to the other one. */
const replicas = async (env: Record<string, string>) =>
  Promise.all([0, 1].map(() => startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), env) })));

const started: ApiServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

/** Statuses of `n` requests from this address, alternating between the replicas. */
async function alternate(servers: ApiServer[], n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await api("GET", "/categories", { url: servers[i % 2]!.url })).status);
  return statuses;
}

describe("rate limits across API replicas", () => {
  it("with API_REPLICAS above 1, the replicas share one budget per client through PostgreSQL", async () => {
    const servers = await replicas({ API_REPLICAS: "2", DATABASE_URL: inject("databaseUrl"), RATE_LIMIT_PER_MINUTE: "3" });
    started.push(...servers);
    expect(await alternate(servers, 4)).toEqual([200, 200, 200, 429]);
  });

  it("with one replica declared, each process counts alone (in memory)", async () => {
    const servers = await replicas({ RATE_LIMIT_PER_MINUTE: "3" });
    started.push(...servers);
    expect(await alternate(servers, 6)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("keeps serving, limited per replica, while PostgreSQL does not answer", async () => {
    const unreachable = `postgres://nobody:nothing@127.0.0.1:${await freePort()}/shop`;
    const servers = await replicas({
      API_REPLICAS: "2",
      DATABASE_URL: unreachable,
      DATABASE_CONNECT_TIMEOUT_MS: "200",
      RATE_LIMIT_PER_MINUTE: "2",
    });
    started.push(...servers);
    expect(await alternate(servers, 6)).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it("refuses API_REPLICAS above 1 without DATABASE_URL, naming both", () => {
    expect(() => startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), { API_REPLICAS: "3" }) })).toThrow(
      /API_REPLICAS.*needs DATABASE_URL/,
    );
  });
});
