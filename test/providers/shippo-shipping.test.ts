import * as C from "shippo/models/components/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ShippoRate } from "../../src/providers/shippo-answers.ts";
import { pickRate, toMinorUnits } from "../../src/providers/shippo-shipping.ts";
import type { LabelPurchase } from "../../src/providers/types.ts";
import { TEST_PROVIDER_SECRETS } from "../fakes/env.ts";
import { jsonOf } from "../fakes/fake-server.ts";
import { type FakeShippo, startFakeShippo } from "../fakes/fake-shippo.ts";
import { expectRetryable, expectTerminal, realProviders, rejection, retryAfterOf, sleep } from "./support.ts";

let fake: FakeShippo;
beforeEach(async () => {
  fake = await startFakeShippo();
});
afterEach(async () => {
  await fake.close();
});

const shipping = (overrides: Record<string, string> = {}) => realProviders({ shippo: fake.url }, overrides);

/** The label of a purchase that went through. */
function bought(purchase: LabelPurchase) {
  if (purchase.status !== "bought") throw new Error(`expected a bought label, got ${JSON.stringify(purchase)}`);
  return purchase.label;
}

const shipmentRequest = (orderId: string, method: "standard" | "express" = "standard", currency = "USD") => ({
  orderId,
  to: { name: "Ada Lovelace", street: "12 Analytical Row", city: "Portland", state: "OR", zip: "97201", country: "US" },
  parcel: { weightGrams: 1234.5, itemCount: 2 },
  method,
  currency,
});

async function quoted(orderId: string, overrides: Record<string, string> = {}) {
  const { providers, status } = shipping(overrides);
  return { providers, status, quote: await providers.shipping.quote(shipmentRequest(orderId)) };
}

describe("Shippo shipping: quote", () => {
  it("creates a synchronous shipment for the order and picks the cheapest rate for standard", async () => {
    const { providers } = shipping();
    const quote = await providers.shipping.quote(shipmentRequest("o-1"));
    expect(quote).toEqual({
      shipmentId: expect.any(String),
      rateId: expect.any(String),
      carrier: "USPS",
      service: "Ground Advantage",
      cost: { amount: 750, currency: "USD" },
    });

    const [request] = fake.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/shipments");
    expect(request?.headers.authorization).toBe(`ShippoToken ${TEST_PROVIDER_SECRETS.SHIPPO_API_KEY}`);
    expect(request?.headers["shippo-api-version"]).toBe("2018-02-08");
    expect(jsonOf(request!)).toMatchObject({
      async: false,
      metadata: "order:o-1",
      address_from: { name: "Test Shop", street1: "1 Warehouse Way", city: "San Francisco", state: "CA", zip: "94107", country: "US" },
      address_to: { name: "Ada Lovelace", street1: "12 Analytical Row", city: "Portland", state: "OR", zip: "97201", country: "US" },
      parcels: [{ length: "30", width: "20", height: "10", distance_unit: "cm", weight: "1235", mass_unit: "g" }],
    });
  });

  it("picks the fastest rate for express, or what the configuration says", async () => {
    expect(await shipping().providers.shipping.quote(shipmentRequest("o-2", "express"))).toMatchObject({
      carrier: "UPS",
      service: "Next Day Air",
      cost: { amount: 3120, currency: "USD" },
    });
    const configured = shipping({ SHIPPING_RATE_EXPRESS: "bestvalue" });
    expect(await configured.providers.shipping.quote(shipmentRequest("o-3", "express"))).toMatchObject({ service: "Priority Mail" });
  });

  it("quotes in the order's currency: Shippo's local amount when it matches, a terminal 422 when no rate is in it", async () => {
    const { providers } = shipping();
    fake.setRates([
      {
        provider: "DHL",
        servicelevel: { name: "Paket", token: "dhl_paket" },
        amount: "6.00",
        currency: "USD",
        amount_local: "5.50",
        currency_local: "EUR",
      },
    ]);
    const quote = await providers.shipping.quote(shipmentRequest("q-eur", "standard", "EUR"));
    expect(quote.cost).toEqual({ amount: 550, currency: "EUR" });
    expectTerminal(
      await rejection(providers.shipping.quote(shipmentRequest("q-gbp", "standard", "GBP"))),
      422,
      /no shipping rate in GBP for order q-gbp; the carriers quote in USD/,
    );
  });

  it("answers a shipment without rates with a terminal 422 carrying Shippo's message", async () => {
    fake.setRates([]);
    const error = await rejection(shipping().providers.shipping.quote(shipmentRequest("o-4")));
    expectTerminal(error, 422, /no shipping rates for order o-4: Shippo: No rates found/);
  });

  it("maps Shippo's 4xx to terminal, and 5xx, 429 and answers the shop cannot read to retryable (Shippo's fault, never the customer's)", async () => {
    const { providers } = shipping();
    fake.failNext(1, 400, { path: "/shipments", body: { address_to: ["The address could not be validated."] } });
    expectTerminal(
      await rejection(providers.shipping.quote(shipmentRequest("o-5"))),
      422,
      /address_to: The address could not be validated/,
    );
    fake.failNext(1, 503);
    expectRetryable(await rejection(providers.shipping.quote(shipmentRequest("o-5"))), /HTTP 503/);
    fake.failNext(1, 429, { headers: { "retry-after": "2" } });
    expect(retryAfterOf(await rejection(providers.shipping.quote(shipmentRequest("o-5"))))).toBe(2_000);
    fake.failNext(1, 201, { body: { object_id: 42 } });
    expectRetryable(
      await rejection(providers.shipping.quote(shipmentRequest("o-5"))),
      /shippo quote answered what the shop cannot read .*a provider fault/,
    );
    fake.failNext(1, 200, { body: {} });
    expectRetryable(await rejection(providers.shipping.quote(shipmentRequest("o-5"))), /a provider fault/);
  });

  it("takes answers with values the SDK does not know yet: a new status, attribute, parcel template or tracking status", async () => {
    const { providers } = shipping();
    fake.reshapeAnswers((request, body) => {
      if (request.path === "/shipments") {
        body.status = "STATUS";
        body.parcels = body.parcels.map((p: Record<string, unknown>) => ({ ...p, template: "FedEx_Box_Of_Tomorrow" }));
        body.rates = body.rates.map((r: Record<string, unknown>) => ({ ...r, attributes: ["CHEAPEST", "GREENEST"] }));
      }
      if (request.path === "/transactions" && request.method === "POST") body.object_state = "PENDING_REVIEW";
      if (request.path.startsWith("/tracks/")) body.tracking_status = { ...body.tracking_status, status: "HELD_AT_CUSTOMS" };
    });
    const quote = await providers.shipping.quote(shipmentRequest("o-tolerant"));
    expect(quote).toMatchObject({ carrier: "USPS", service: "Ground Advantage", cost: { amount: 750, currency: "USD" } });
    const label = bought(await providers.shipping.buyLabel({ orderId: "o-tolerant", rateId: quote.rateId }));
    expect(label).toMatchObject({ carrier: "USPS", trackingNumber: expect.any(String) });
    fake.setTracking(label.trackingNumber, [{ status: "TRANSIT", details: "Picked up", at: new Date().toISOString() }]);
    expect(await providers.shipping.getTracking("USPS", label.trackingNumber)).toMatchObject({
      status: "UNKNOWN",
      history: [{ status: "TRANSIT" }],
    });
  });

  it("times out a stalled call as retryable", async () => {
    const { providers } = shipping({ SHIPPING_CALL_TIMEOUT_MS: "200" });
    fake.stallNext(1);
    expectRetryable(await rejection(providers.shipping.quote(shipmentRequest("o-6"))), /shippo quote timed out after 200 ms/);
  });
});

describe("Shippo shipping: labels", () => {
  it("looks for an earlier purchase, then buys synchronously with the label format and order metadata", async () => {
    const { providers, quote } = await quoted("l-1");
    const label = bought(await providers.shipping.buyLabel({ orderId: "l-1", rateId: quote.rateId }));
    expect(label).toEqual({
      labelId: expect.any(String),
      trackingNumber: expect.stringMatching(/^9400/),
      carrier: "USPS",
      service: "Ground Advantage",
      labelUrl: expect.stringMatching(/\.pdf$/),
      trackingUrl: expect.any(String),
      cost: { amount: 750, currency: "USD" },
    });
    const calls = fake.requests.slice(1).map((r) => `${r.method} ${r.path}${r.query.size ? `?rate=${r.query.get("rate")}` : ""}`);
    expect(calls).toEqual([`GET /transactions?rate=${quote.rateId}`, "POST /transactions", `GET /rates/${quote.rateId}`]);
    expect(jsonOf(fake.purchases()[0]!)).toEqual({ rate: quote.rateId, async: false, label_file_type: "PDF_4x6", metadata: "order:l-1" });
  });

  it("returns the label already bought for a rate instead of buying again", async () => {
    const { providers, quote } = await quoted("l-2");
    const first = await providers.shipping.buyLabel({ orderId: "l-2", rateId: quote.rateId });
    const second = await providers.shipping.buyLabel({ orderId: "l-2", rateId: quote.rateId });
    expect(second).toEqual(first);
    expect(fake.purchases()).toHaveLength(1);
  });

  it("a purchase whose response was lost is found by the retried buyLabel: exactly one label", async () => {
    const { providers, quote } = await quoted("l-3", { SHIPPING_CALL_TIMEOUT_MS: "300" });
    fake.loseNext(1, { method: "POST", path: "/transactions" });
    expectRetryable(await rejection(providers.shipping.buyLabel({ orderId: "l-3", rateId: quote.rateId })), /timed out after 300 ms/);

    const label = bought(await providers.shipping.buyLabel({ orderId: "l-3", rateId: quote.rateId }));
    expect(fake.purchases()).toHaveLength(1);
    expect(fake.transactions.size).toBe(1);
    expect(fake.transactions.has(label.labelId)).toBe(true);
  });

  it("a failed purchase (201 with status ERROR) is a terminal 422 with Shippo's messages, and stays one", async () => {
    const { providers, quote } = await quoted("l-4");
    fake.failPurchaseNext(1, ["Address is not deliverable."]);
    const first = await rejection(providers.shipping.buyLabel({ orderId: "l-4", rateId: quote.rateId }));
    expectTerminal(first, 422, `label purchase for rate ${quote.rateId} failed: USPS: Address is not deliverable.`);
    const again = await rejection(providers.shipping.buyLabel({ orderId: "l-4", rateId: quote.rateId }));
    expect(again.message).toBe(first.message);
    expect(fake.purchases()).toHaveLength(1);
  });

  it("answers a purchase Shippo queued as queued, and the look-up after it as bought, without buying twice", async () => {
    const { providers, quote } = await quoted("l-q");
    fake.queuePurchasesNext(1);
    const queued = await providers.shipping.buyLabel({ orderId: "l-q", rateId: quote.rateId });
    expect(queued).toEqual({ status: "queued", labelId: expect.any(String) });
    expect(await providers.shipping.buyLabel({ orderId: "l-q", rateId: quote.rateId })).toEqual(queued);
    fake.settleQueued("SUCCESS");
    const label = bought(await providers.shipping.buyLabel({ orderId: "l-q", rateId: quote.rateId }));
    expect(label).toMatchObject({
      labelId: queued.status === "queued" ? queued.labelId : "",
      trackingNumber: expect.stringMatching(/^9400/),
    });
    expect(fake.purchases()).toHaveLength(1);
  });

  it("a queued purchase that ends in ERROR is a terminal 422, as one that failed at once", async () => {
    const { providers, quote } = await quoted("l-qe");
    fake.queuePurchasesNext(1);
    expect((await providers.shipping.buyLabel({ orderId: "l-qe", rateId: quote.rateId })).status).toBe("queued");
    fake.settleQueued("ERROR");
    expectTerminal(await rejection(providers.shipping.buyLabel({ orderId: "l-qe", rateId: quote.rateId })), 422, /failed/);
  });

  it("an unknown rate is a terminal error", async () => {
    const { providers } = shipping();
    expectTerminal(await rejection(providers.shipping.buyLabel({ orderId: "l-5", rateId: "no-such-rate" })), 422, /does not exist/);
  });
});

describe("Shippo shipping: voiding a label", () => {
  const refunds = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/refunds");

  it("refunds the label bought for the rate once, however often the void is retried", async () => {
    const { providers, quote } = await quoted("v-1");
    const label = bought(await providers.shipping.buyLabel({ orderId: "v-1", rateId: quote.rateId }));
    expect(await providers.shipping.voidLabel({ orderId: "v-1", rateId: quote.rateId })).toEqual({
      status: "voided",
      labelId: label.labelId,
    });
    expect(await providers.shipping.voidLabel({ orderId: "v-1", rateId: quote.rateId })).toEqual({
      status: "voided",
      labelId: label.labelId,
    });
    expect(refunds().map(jsonOf)).toEqual([{ transaction: label.labelId, async: false }]);
    expect(fake.transactions.get(label.labelId)?.status).toBe("REFUNDPENDING");
  });

  it("finds nothing to void when no label was bought for the rate", async () => {
    const { providers, quote } = await quoted("v-2");
    expect(await providers.shipping.voidLabel({ orderId: "v-2", rateId: quote.rateId })).toEqual({ status: "none" });
    expect(refunds()).toHaveLength(0);
  });

  it("is refused for good (409) once the parcel has moved, without asking Shippo to refund", async () => {
    const { providers, quote } = await quoted("v-3");
    const label = bought(await providers.shipping.buyLabel({ orderId: "v-3", rateId: quote.rateId }));
    fake.setTracking(label.trackingNumber, [{ status: "TRANSIT", details: "Picked up", at: new Date().toISOString() }]);
    const refused = await rejection(providers.shipping.voidLabel({ orderId: "v-3", rateId: quote.rateId }));
    expectTerminal(refused, 409, `the carrier refused to void label ${label.labelId}: the parcel is already TRANSIT`);
    expect(refunds()).toHaveLength(0);
  });
});

describe("Shippo shipping: tracking", () => {
  it("reads a track by carrier token and number", async () => {
    const { providers } = shipping();
    fake.setTracking("9400123", [
      { status: "PRE_TRANSIT", details: "Label created", at: "2026-01-02T10:00:00.000Z" },
      { status: "TRANSIT", details: "Departed facility", at: "2026-01-03T08:30:00.000Z" },
    ]);
    const info = await providers.shipping.getTracking("USPS", "9400123");
    expect(fake.requests.at(-1)?.path).toBe("/tracks/usps/9400123");
    expect(info).toEqual({
      carrier: "usps",
      trackingNumber: "9400123",
      status: "TRANSIT",
      history: [
        { status: "PRE_TRANSIT", details: "Label created", at: "2026-01-02T10:00:00.000Z" },
        { status: "TRANSIT", details: "Departed facility", at: "2026-01-03T08:30:00.000Z" },
      ],
    });
    expect((await providers.shipping.getTracking("DHL Express", "unknown-1")).status).toBe("UNKNOWN");
    expect(fake.requests.at(-1)?.path).toBe("/tracks/dhl_express/unknown-1");
  });
});

describe("Shippo shipping: circuit breaker", () => {
  it("opens after the threshold, rejects without calling Shippo, and closes after a good probe", async () => {
    const { providers, status } = shipping({ SHIPPING_BREAKER_FAILURES: "2", SHIPPING_BREAKER_HALF_OPEN_MS: "300" });
    fake.failNext(2, 502);
    for (let i = 0; i < 2; i++) expectRetryable(await rejection(providers.shipping.quote(shipmentRequest("b-1"))), /HTTP 502/);
    const seen = fake.requests.length;
    expectRetryable(await rejection(providers.shipping.quote(shipmentRequest("b-1"))), /shippo circuit is open/);
    expect(fake.requests.length).toBe(seen);
    expect(status("shippo")).toMatchObject({ breaker: "open", failures: 2, rejected: 1 });

    await sleep(350);
    await providers.shipping.quote(shipmentRequest("b-1"));
    expect(status("shippo").breaker).toBe("closed");
  });
});

describe("rate choice and prices", () => {
  const rate = (id: string, amount: string, estimatedDays?: number, attributes: string[] = []): ShippoRate => ({
    objectId: id,
    amount,
    currency: "USD",
    amountLocal: amount,
    currencyLocal: "USD",
    attributes,
    provider: "P",
    servicelevel: { name: id, token: undefined },
    estimatedDays,
  });

  it("cheapest is the lowest price; fastest breaks ties on days by the FASTEST tag, then price", () => {
    const rates = [rate("a", "12.00", 2), rate("b", "7.10", 5), rate("c", "15.00", 1), rate("d", "19.00", 1, ["FASTEST"])];
    expect(pickRate(rates, "cheapest")?.objectId).toBe("b");
    expect(pickRate(rates, "fastest")?.objectId).toBe("d");
    expect(pickRate(rates.slice(0, 3), "fastest")?.objectId).toBe("c");
  });

  it("without day estimates, fastest follows the FASTEST tag; every rule falls back to the cheapest", () => {
    const rates = [rate("a", "12.00", undefined, ["FASTEST"]), rate("b", "7.10")];
    expect(pickRate(rates, "fastest")?.objectId).toBe("a");
    expect(pickRate(rates, "bestvalue")?.objectId).toBe("b");
    expect(pickRate([rate("b", "7.10")], "fastest")?.objectId).toBe("b");
    expect(pickRate([], "cheapest")).toBeUndefined();
  });

  it("converts decimal prices to minor units without floating point", () => {
    expect(toMinorUnits("7.50", "USD")).toBe(750);
    expect(toMinorUnits("0.1", "USD")).toBe(10);
    expect(toMinorUnits("19.995", "EUR")).toBe(2000);
    expect(toMinorUnits("1200", "JPY")).toBe(1200);
    expect(() => toMinorUnits("7,50", "USD")).toThrow(/unreadable price/);
  });
});

describe("fake Shippo", () => {
  it("answers in shapes the installed SDK's schemas accept", async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${fake.url}${path}`, {
        method,
        headers: { authorization: `ShippoToken ${fake.apiKey}`, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      // Like the SDK's response hook: a null is a missing field.
      return {
        status: res.status,
        json: JSON.parse(await res.text(), (_k, v: unknown) => (v === null ? undefined : v)) as Record<string, any>,
      };
    };
    const address = { street1: "1 Way", city: "X", state: "CA", zip: "94107", country: "US" };
    const shipment = await call("POST", "/shipments", {
      address_from: address,
      address_to: address,
      async: false,
      metadata: "order:f",
      parcels: [{ length: "1", width: "1", height: "1", distance_unit: "cm", weight: "1", mass_unit: "g" }],
    });
    expect(shipment.status).toBe(201);
    C.Shipment$inboundSchema.parse(shipment.json);
    const rateId = shipment.json.rates[0].object_id;
    C.Rate$inboundSchema.parse((await call("GET", `/rates/${rateId}`)).json);
    const purchase = await call("POST", "/transactions", { rate: rateId, async: false });
    expect(purchase.status).toBe(201);
    C.Transaction$inboundSchema.parse(purchase.json);
    C.TransactionPaginatedList$inboundSchema.parse((await call("GET", `/transactions?rate=${rateId}`)).json);
    const refund = await call("POST", "/refunds", { transaction: purchase.json.object_id, async: false });
    expect(refund.status).toBe(201);
    C.Refund$inboundSchema.parse(refund.json);
    C.TransactionPaginatedList$inboundSchema.parse((await call("GET", `/transactions?rate=${rateId}`)).json);
    fake.setTracking("n-1", [{ status: "DELIVERED", details: "Delivered", at: new Date().toISOString() }]);
    C.Track$inboundSchema.parse((await call("GET", "/tracks/usps/n-1")).json);
  });
});
