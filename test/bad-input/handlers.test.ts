import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAWN, FIXTURE, HANDLERS, type HandlerSpec } from "./handlers.ts";
import { type BadRequest, badInputServer } from "./harness.ts";
import { badKeys, badRequests } from "./requests.ts";

/** Generated cases per handler; BAD_INPUT_RUNS raises it for a deeper (slower) search. */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 25);

describe("bad input to every public handler: a 4xx with a message, nothing changed, nothing left retrying", () => {
  let server: Awaited<ReturnType<typeof badInputServer>>;
  let baseline: string;
  let readBack: string;
  let cases = 0;

  const post = (path: string, body?: unknown) =>
    server.send(
      body === undefined
        ? { path, what: "fixture" }
        : { path, body: JSON.stringify(body), contentType: "application/json", what: "fixture" },
    );

  /** What a client reads back from the fixtures through their own handlers. */
  const views = async () =>
    JSON.stringify(
      await Promise.all(
        [
          `/InventoryItem/${FIXTURE.sku}/get`,
          `/Product/${FIXTURE.sku}/get`,
          `/Cart/${FIXTURE.cart}/get`,
          `/OrderOrchestrator/${FIXTURE.order}/getOrder`,
          `/OperatorInbox/${FIXTURE.inbox}/list`,
          `/Customer/${DRAWN.customerId}/get`,
          `/EmailIndex/${FIXTURE.email}/lookup`,
        ].map(async (path) => (await post(path)).text),
      ),
    );

  beforeAll(async () => {
    server = await badInputServer();
    const setup = [
      await post(`/InventoryItem/${FIXTURE.sku}/upsert`, { name: "Fixture mug", price: 1500, lowStockThreshold: 20 }),
      await post(`/InventoryItem/${FIXTURE.sku}/restock`, { quantity: 10 }),
      await post(`/Cart/${FIXTURE.cart}/addItem`, { sku: FIXTURE.sku, quantity: 2 }),
      await post(`/OrderOrchestrator/${FIXTURE.order}/processOrder`, {
        items: [{ sku: FIXTURE.sku, quantity: 1 }],
        customer: { email: "ada@example.com", name: "Ada Lovelace" },
        shipping: { street: "1 Analytical Way", city: "London", state: "LDN", zip: "10001", country: "US" },
      }),
    ];
    expect(setup.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const registered = await post(`/EmailIndex/${FIXTURE.email}/register`, {
      name: "Ada Lovelace",
      passwordHash: FIXTURE.passwordHash,
      session: { id: FIXTURE.sessionId, secretHash: "e".repeat(64), ttlSeconds: 3600 },
    });
    expect(registered.status).toBe(200);
    DRAWN.customerId = JSON.parse(registered.text).customer.id;
    const saved = await post(`/Customer/${DRAWN.customerId}/addAddress`, {
      name: "Ada",
      street: "1 Way",
      city: "London",
      state: "LDN",
      zip: "1",
      country: "GB",
    });
    expect(saved.status).toBe(200);
    DRAWN.addressId = JSON.parse(saved.text).id;
    expect(await server.idle()).toEqual([]);
    expect(JSON.parse((await post(`/OperatorInbox/${FIXTURE.inbox}/list`)).text)).toEqual([
      expect.objectContaining({ id: FIXTURE.alertId }),
    ]);
    baseline = await server.state();
    readBack = await views();
  });

  afterAll(async () => {
    console.log(
      `bad input: ${cases} generated cases against ${HANDLERS.length} public handlers, each answered 4xx with a message and changed nothing`,
    );
    await server?.dispose();
  });

  async function refused(request: BadRequest): Promise<void> {
    cases++;
    const before = await server.state();
    const reply = await server.send(request);
    const context = `${request.path} with ${request.what} → ${reply.status} ${reply.text.slice(0, 300)}`;
    expect(reply.status, context).toBeGreaterThanOrEqual(400);
    expect(reply.status, context).toBeLessThan(500);
    expect(reply.message, context).toBeTruthy();
    expect(await server.state(), `state changed by ${context}`).toBe(before);
  }

  const check = async (arbitrary: fc.Arbitrary<BadRequest>, numRuns: number) => {
    await fc.assert(fc.asyncProperty(arbitrary, refused), { numRuns });
    expect(await server.open()).toEqual([]);
  };

  const withInput = HANDLERS.filter((h) => h.shape);
  const withoutInput = HANDLERS.filter((h) => !h.shape);
  const name = (h: HandlerSpec) => `${h.object}.${h.handler}`;

  it.each(withInput.map((h) => [name(h), h] as const))("%s refuses wrong fields and wrong bodies", async (_, spec) => {
    await check(badRequests(spec), RUNS);
  });

  it.each(withoutInput.map((h) => [name(h), h] as const))("%s refuses any body: it takes no input", async (_, spec) => {
    await check(badRequests(spec), Math.ceil(RUNS / 3));
  });

  // Any inbox name is a (possibly empty) inbox, so OperatorInbox.list has no key rule to break.
  const keyed = HANDLERS.filter((h) => !(h.object === "OperatorInbox" && h.handler === "list"));
  it.each(keyed.map((h) => [name(h), h] as const))("%s refuses a key that breaks the key rules", async (_, spec) => {
    await check(badKeys(spec), Math.ceil(RUNS / 3));
  });

  it("refuses a body beyond the ingress limit (40 MB)", async () => {
    cases++;
    const before = await server.state();
    const reply = await server.sendHuge(
      `/InventoryItem/${FIXTURE.sku}/upsert`,
      Buffer.from(JSON.stringify({ name: "x".repeat(40 * 1024 * 1024), price: 1 })),
    );
    expect(reply.status).toBe(413);
    expect(reply.message).toBeTruthy();
    expect(await server.state()).toBe(before);
  });

  it("left every fixture as it was, read back through the handlers", async () => {
    expect(await server.open()).toEqual([]);
    expect(await server.state()).toBe(baseline);
    expect(await views()).toBe(readBack);
  });
});
