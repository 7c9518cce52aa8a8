import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { startApiServer } from "../../src/api/api-server.ts";
import { api, newCustomer, signedInAdmin } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl } from "../support/restate.ts";

const METRICS_TOKEN = "health-detailed-test-token-0123456789";

describe("GET /health/detailed", () => {
  it("shows an admin each dependency's state and latency, and the providers' breakers (mock mode here)", async () => {
    const admin = await signedInAdmin();
    const res = await api("GET", "/health/detailed", { token: admin.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    const byName = Object.fromEntries(res.body.dependencies.map((d: { name: string }) => [d.name, d]));
    for (const name of ["restate", "database", "endpoint"]) {
      expect(byName[name]).toMatchObject({ state: "up", latencyMs: expect.any(Number) });
    }
    for (const name of ["stripe", "shippo", "sendgrid", "twilio"]) expect(byName[name]).toMatchObject({ state: "mock" });
    expect(Date.parse(res.body.checkedAt)).not.toBeNaN();
  });

  it("is for admins and the metrics token only: 401 without credentials or with a wrong token, 403 for a customer", async () => {
    expect((await api("GET", "/health/detailed")).status).toBe(401);
    const customer = await newCustomer();
    const refused = await api("GET", "/health/detailed", { token: customer.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("this route is for admins only");

    const server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), { METRICS_TOKEN }) });
    try {
      expect((await api("GET", "/health/detailed", { url: server.url, token: METRICS_TOKEN })).status).toBe(200);
      expect((await api("GET", "/health/detailed", { url: server.url, token: `${METRICS_TOKEN}x` })).status).toBe(401);
      // Without METRICS_TOKEN configured, the token means nothing.
      expect((await api("GET", "/health/detailed", { token: METRICS_TOKEN })).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("says down, and names why, when Restate cannot be reached", async () => {
    const server = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(`http://127.0.0.1:${await freePort()}`, { METRICS_TOKEN }),
    });
    try {
      const res = await api("GET", "/health/detailed", { url: server.url, token: METRICS_TOKEN });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe("down");
      const byName = Object.fromEntries(res.body.dependencies.map((d: { name: string }) => [d.name, d]));
      expect(byName.restate).toMatchObject({ state: "down", detail: "unreachable" });
      expect(byName.endpoint).toMatchObject({ state: "down" });
    } finally {
      await server.close();
    }
  });
});
