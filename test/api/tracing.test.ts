import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, newCustomer } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { type OtlpReceiver, otlpReceiver, type ReceivedSpan } from "../support/otlp-receiver.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address } from "../support/shop.ts";

const API_SERVICE = "commerce-api-under-trace";

/** The span's ancestors within its trace, nearest first, as far as they have arrived. */
function ancestors(span: ReceivedSpan, all: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(all.filter((s) => s.traceId === span.traceId).map((s) => [s.spanId, s]));
  const chain: ReceivedSpan[] = [];
  for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) chain.push(parent);
  return chain;
}

describe("OpenTelemetry: one trace from the API's request through Restate's invocations", () => {
  let receiver: OtlpReceiver;
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let server: ApiServer | undefined;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    stack = await ownStack({
      restateEnv: {
        // OTLP over HTTP with protobuf, like the API's exporter; a scheme of plain http:// would be OTLP/gRPC.
        RESTATE_TRACING_ENDPOINT: `otlp+${receiver.url}/v1/traces`,
        // Restate's exporter batches for 5 s by default (the OpenTelemetry SDK variable, which it reads).
        OTEL_BSP_SCHEDULE_DELAY: "200",
      },
    });
    server = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(stack.restate.ingressUrl, {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: API_SERVICE,
        QUERY_DATABASE_URL: stack.postgres.url,
      }),
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await stack?.dispose();
    await receiver?.close();
  });

  it("POST /orders: the API's request span is the ancestor of the checkout's spans, the order's saga links to that trace; no secret in any span", async () => {
    const url = server!.url;
    const sku = uniqueId("TRACE");
    expect(
      (await post(`/InventoryItem/${sku}/upsert`, { name: "Traced mug", price: 1500, currency: "USD" }, { url: stack.restate.ingressUrl }))
        .status,
    ).toBe(200);
    expect((await post(`/InventoryItem/${sku}/restock`, { quantity: 5 }, { url: stack.restate.ingressUrl })).status).toBe(200);
    const me = await newCustomer({ url });
    // A client's trace context is not taken up: the API starts a trace of its own.
    const foreign = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
    const filled = await api("POST", "/cart/items", {
      url,
      token: me.accessToken,
      body: { sku, quantity: 2 },
      headers: { traceparent: `00-${foreign.traceId}-${foreign.spanId}-01` },
    });
    expect(filled.status).toBe(200);
    expect((await api("GET", "/health", { url })).status).toBe(200);
    expect((await api("GET", "/metrics", { url })).status).toBe(200);
    expect((await api("GET", `/no-such-page/${me.email}`, { url })).status).toBe(404);
    const placed = await api("POST", "/orders", {
      url,
      token: me.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.status).toBe(201);
    // Closing the API exports what it still buffers: every span of the API is in by now.
    await server!.close();
    server = undefined;

    const apiSpans = receiver.spans().filter((s) => s.service === API_SERVICE);
    expect(apiSpans.map((s) => s.name)).toEqual(["POST /auth/register", "POST /cart/items", "GET", "POST /orders"]);
    for (const span of apiSpans) {
      expect(span.kind).toBe("SERVER");
      expect(span.parentSpanId, `${span.name} starts its trace`).toBe("");
    }
    expect(new Set(apiSpans.map((s) => s.traceId)).size, "one trace per request").toBe(apiSpans.length);
    expect(apiSpans.map((s) => s.traceId)).not.toContain(foreign.traceId);
    const [registered, , unknown, ordered] = apiSpans;
    expect(registered!.attributes).toEqual({
      "http.request.method": "POST",
      "url.scheme": "http",
      "http.route": "/auth/register",
      "http.response.status_code": 201,
    });
    expect(unknown!.attributes).toEqual({ "http.request.method": "GET", "url.scheme": "http", "http.response.status_code": 404 });
    expect(ordered!.attributes).toEqual({
      "http.request.method": "POST",
      "url.scheme": "http",
      "http.route": "/orders",
      "http.response.status_code": 201,
    });
    // Nor the customer's address, which was in the path of the 404 and in the body of the sign-up.
    expect(JSON.stringify(apiSpans)).not.toContain(me.email);

    // Restate exports on its own schedule: wait for the cart's checkout with all its ancestors, and the saga it submitted.
    // A one-way send starts a trace of its own in Restate, linked to the span that sent it.
    const target = (service: string, handler: string, key: string) => `${service}/${key}/${handler}`;
    const cartId = (s: ReceivedSpan) => String(s.attributes["restate.invocation.target"]).split("/")[1]!;
    const isCheckout = (s: ReceivedSpan, all: ReceivedSpan[]) =>
      s.name === "invocation-attempt Cart/{key}/checkout" && ancestors(s, all).at(-1)?.spanId === ordered!.spanId;
    const isSagaStart = (s: ReceivedSpan) =>
      s.name.startsWith("invocation-start ") &&
      s.attributes["restate.invocation.target"] === target("OrderOrchestrator", "processOrder", placed.body.orderId);
    const spans = await eventually(
      async () => receiver.spans(),
      (all) => all.some((s) => isCheckout(s, all)) && all.some(isSagaStart),
      30_000,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message.slice(0, 200)}…\nreceived: ${JSON.stringify(receiver.spans().map((s) => [s.service, s.name, s.traceId, s.spanId, s.parentSpanId]))}\nrefused: ${receiver.refused().join("; ")}`,
      );
    });
    const checkout = spans.find((s) => isCheckout(s, spans))!;
    // From the cart's checkout up: its start, the ingress request, the API's request.
    const chain = [checkout, ...ancestors(checkout, spans)];
    expect(chain.map((s) => [s.service, s.name])).toEqual([
      ["Restate", "invocation-attempt Cart/{key}/checkout"],
      ["Restate", "invocation-start Cart/{key}/checkout"],
      ["Restate", "ingress Cart/{key}/checkout"],
      [API_SERVICE, "POST /orders"],
    ]);
    expect(placed.body.orderId.startsWith(`${cartId(checkout)}.`), "the order is the checked-out cart's").toBe(true);
    // The saga's trace follows from the request's: its start links to a span of the API request's trace.
    const saga = spans.find(isSagaStart)!;
    expect(saga.links.map((l) => l.traceId)).toContain(ordered!.traceId);
    // The saga's own calls down to the stock are in its trace.
    expect(
      spans
        .filter((s) => s.traceId === saga.traceId && s.attributes["rpc.service"] === "InventoryItem")
        .map((s) => s.attributes["rpc.method"]),
    ).toContain("reserve");

    // Nothing that left either process carries the customer's password or tokens, wherever in a span it might be.
    const exported = receiver.exported();
    // (The search finds what is there: Restate's spans name the customer's objects by the customer's id.)
    expect(exported).toContain(me.id);
    for (const secret of [me.password, me.accessToken, me.refreshToken]) expect(exported).not.toContain(secret);
  });
});
