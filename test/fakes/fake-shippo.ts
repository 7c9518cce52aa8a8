import { contractChecker } from "../contracts/checker.ts";
import { type FakeResponse, type FakeServer, jsonOf, type RecordedRequest, startFakeServer } from "./fake-server.ts";

/**
 * Shippo's shipments, rates, transactions (label purchases) and tracks, in memory, in the wire shape
 * (snake_case) that shippo@2 validates strictly: 201 for creates, 200 for reads, closed enums, ISO
 * dates. Auth is `ShippoToken <key>`. Like Shippo, it has no idempotency key: two purchases of one
 * rate are two transactions, which is what the client's look-up must prevent. Label refunds move the
 * transaction to REFUNDPENDING, or to REFUNDREJECTED once its parcel has moved.
 */

export interface FakeRateTemplate {
  provider: string;
  servicelevel: { name: string; token: string };
  amount: string;
  currency?: string;
  /** What Shippo also quotes in the account's local currency. */
  amount_local?: string;
  currency_local?: string;
  estimated_days?: number;
  attributes?: Array<"BESTVALUE" | "CHEAPEST" | "FASTEST">;
}

export type FakeTrackingStatus = "UNKNOWN" | "PRE_TRANSIT" | "TRANSIT" | "DELIVERED" | "RETURNED" | "FAILURE";

export interface FakeShippo extends FakeServer {
  apiKey: string;
  shipments: Map<string, Record<string, unknown>>;
  rates: Map<string, Record<string, unknown>>;
  transactions: Map<string, Record<string, unknown>>;
  /** Every POST /transactions received, injected faults included; `transactions` holds what was bought. */
  purchases(): RecordedRequest[];
  /** The next `n` purchases answer 201 with status ERROR and these messages, as Shippo does. */
  failPurchaseNext(n: number, messages: string[]): void;
  /** The next `n` purchases answer 201 with status QUEUED (no label yet), as Shippo may even with async: false. */
  queuePurchasesNext(n: number): void;
  /** Every queued purchase ends now: SUCCESS with its label, or ERROR. */
  settleQueued(status: "SUCCESS" | "ERROR"): void;
  /** Rates offered by shipments created from now on. */
  setRates(rates: FakeRateTemplate[]): void;
  /**
   * Answers as Shippo may send them tomorrow: each answer's body goes through `reshape` before it
   * leaves (e.g. an enum value the SDK does not know yet); undefined stops it.
   */
  reshapeAnswers(reshape: ((request: RecordedRequest, body: Record<string, any>) => void) | undefined): void;
  /** Tracking history of a number, oldest first; the last entry is the current status. */
  setTracking(trackingNumber: string, history: Array<{ status: FakeTrackingStatus; details: string; at: string }>): void;
}

export const DEFAULT_RATES: FakeRateTemplate[] = [
  {
    provider: "USPS",
    servicelevel: { name: "Ground Advantage", token: "usps_ground_advantage" },
    amount: "7.50",
    estimated_days: 5,
    attributes: ["CHEAPEST"],
  },
  {
    provider: "USPS",
    servicelevel: { name: "Priority Mail", token: "usps_priority" },
    amount: "9.80",
    estimated_days: 2,
    attributes: ["BESTVALUE"],
  },
  {
    provider: "UPS",
    servicelevel: { name: "Next Day Air", token: "ups_next_day_air" },
    amount: "31.20",
    estimated_days: 1,
    attributes: ["FASTEST"],
  },
];

export async function startFakeShippo(options: { apiKey?: string } = {}): Promise<FakeShippo> {
  const apiKey = options.apiKey ?? "shippo_test_fake_shippo_key";
  const shipments = new Map<string, Record<string, unknown>>();
  const rates = new Map<string, Record<string, unknown>>();
  const transactions = new Map<string, Record<string, unknown>>();
  const tracking = new Map<string, Array<{ status: FakeTrackingStatus; details: string; at: string }>>();
  const purchaseFailures: string[][] = [];
  let queueNext = 0;
  let rateTemplates = DEFAULT_RATES;
  let reshape: ((request: RecordedRequest, body: Record<string, any>) => void) | undefined;
  let sequence = 0;
  const nextId = () => `${(++sequence).toString(16).padStart(8, "0")}${"f".repeat(24)}`;
  const now = () => new Date().toISOString();

  const handle = (request: RecordedRequest): FakeResponse => {
    if (request.headers.authorization !== `ShippoToken ${apiKey}`) return { status: 401, body: { detail: "Invalid token." } };
    const parts = request.path.split("/").filter(Boolean);
    if (request.method === "POST" && request.path === "/shipments") return createShipment(jsonOf(request));
    if (request.method === "GET" && parts[0] === "rates" && parts[1]) {
      const rate = rates.get(parts[1]);
      return rate ? { status: 200, body: rate } : { status: 404, body: { detail: "Not found." } };
    }
    if (request.method === "GET" && request.path === "/transactions") {
      const rate = request.query.get("rate");
      const results = [...transactions.values()].filter((t) => !rate || t.rate === rate);
      return { status: 200, body: { next: null, previous: null, results } };
    }
    if (request.method === "POST" && request.path === "/transactions") return purchase(jsonOf(request));
    if (request.method === "POST" && request.path === "/refunds") return refund(jsonOf(request));
    if (request.method === "GET" && parts[0] === "tracks" && parts[1] && parts[2]) return track(parts[1], decodeURIComponent(parts[2]));
    return { status: 404, body: { detail: "Not found." } };
  };

  const createShipment = (body: Record<string, unknown>): FakeResponse => {
    const to = body.address_to as Record<string, unknown> | undefined;
    const from = body.address_from as Record<string, unknown> | undefined;
    const parcels = body.parcels as Array<Record<string, unknown>> | undefined;
    if (!to?.country || !from?.country || !parcels?.length) {
      return { status: 400, body: { address_to: ["This field is required."] } };
    }
    const id = nextId();
    const shipmentRates = rateTemplates.map((template) => {
      const rate = {
        object_id: nextId(),
        object_owner: "fake@example.com",
        object_created: now(),
        shipment: id,
        amount: template.amount,
        currency: template.currency ?? "USD",
        amount_local: template.amount_local ?? template.amount,
        currency_local: template.currency_local ?? template.currency ?? "USD",
        provider: template.provider,
        servicelevel: template.servicelevel,
        attributes: template.attributes ?? [],
        carrier_account: `ca_${template.provider.toLowerCase()}`,
        ...(template.estimated_days === undefined ? {} : { estimated_days: template.estimated_days }),
      };
      rates.set(rate.object_id, rate);
      return rate;
    });
    const shipment = {
      object_id: id,
      object_owner: "fake@example.com",
      object_created: now(),
      object_updated: now(),
      status: "SUCCESS",
      metadata: typeof body.metadata === "string" ? body.metadata : "",
      address_from: from,
      address_to: to,
      carrier_accounts: [],
      messages: shipmentRates.length ? [] : [{ source: "Shippo", code: "", text: "No rates found for this shipment." }],
      parcels: parcels.map((p) => ({ ...p, object_id: nextId() })),
      rates: shipmentRates,
      test: true,
    };
    shipments.set(id, shipment);
    return { status: 201, body: shipment };
  };

  const purchase = (body: Record<string, unknown>): FakeResponse => {
    const rate = rates.get(String(body.rate ?? ""));
    if (!rate) return { status: 400, body: { rate: [`Rate with object_id ${String(body.rate)} does not exist.`] } };
    const failure = purchaseFailures.shift();
    const id = nextId();
    if (queueNext > 0) {
      queueNext--;
      const queued = {
        object_id: id,
        object_owner: "fake@example.com",
        object_created: now(),
        object_updated: now(),
        object_state: "VALID",
        status: "QUEUED",
        rate: rate.object_id,
        metadata: typeof body.metadata === "string" ? body.metadata : "",
        test: true,
        messages: [],
      };
      transactions.set(id, queued);
      return { status: 201, body: queued };
    }
    const transaction = {
      object_id: id,
      object_owner: "fake@example.com",
      object_created: now(),
      object_updated: now(),
      object_state: "VALID",
      status: failure ? "ERROR" : "SUCCESS",
      rate: rate.object_id,
      metadata: typeof body.metadata === "string" ? body.metadata : "",
      label_file_type: body.label_file_type,
      test: true,
      messages: (failure ?? []).map((text) => ({ source: String(rate.provider), code: "", text })),
      ...(failure
        ? {}
        : {
            tracking_number: `9400${String(sequence).padStart(18, "0")}`,
            tracking_status: "UNKNOWN",
            label_url: `https://fake-shippo.invalid/labels/${id}.pdf`,
            tracking_url_provider: `https://fake-shippo.invalid/track/${id}`,
          }),
    };
    transactions.set(id, transaction);
    return { status: 201, body: transaction };
  };

  /** A label refund: accepted (queued) while the parcel has not moved, refused once the carrier scanned it. */
  const refund = (body: Record<string, unknown>): FakeResponse => {
    const transaction = transactions.get(String(body.transaction ?? ""));
    if (!transaction)
      return { status: 400, body: { transaction: [`Transaction with object_id ${String(body.transaction)} does not exist.`] } };
    const moved = !["UNKNOWN", "PRE_TRANSIT"].includes(String(transaction.tracking_status));
    transaction.status = moved ? "REFUNDREJECTED" : "REFUNDPENDING";
    transaction.object_updated = now();
    const answer = {
      object_id: nextId(),
      object_owner: "fake@example.com",
      object_created: now(),
      object_updated: now(),
      status: moved ? "ERROR" : "QUEUED",
      transaction: transaction.object_id,
      test: true,
    };
    return { status: 201, body: answer };
  };

  const track = (carrier: string, trackingNumber: string): FakeResponse => {
    const history = (tracking.get(trackingNumber) ?? []).map((event, i) => ({
      object_id: `track-${trackingNumber}-${i}`,
      object_created: event.at,
      object_updated: event.at,
      status: event.status,
      status_details: event.details,
      status_date: event.at,
    }));
    const current = history.at(-1);
    return {
      status: 200,
      body: {
        carrier,
        tracking_number: trackingNumber,
        messages: [],
        tracking_history: history,
        ...(current ? { tracking_status: current } : {}),
      },
    };
  };

  const reshaped = (request: RecordedRequest): FakeResponse => {
    const response = handle(request);
    if (reshape && response.body && typeof response.body === "object") reshape(request, response.body as Record<string, any>);
    return response;
  };
  const server = await startFakeServer(
    reshaped,
    (status, message) => ({ detail: message ?? `injected HTTP ${status}` }),
    contractChecker("shippo"),
  );
  return Object.assign(server, {
    apiKey,
    shipments,
    rates,
    transactions,
    purchases: () => server.requests.filter((r) => r.method === "POST" && r.path === "/transactions"),
    failPurchaseNext: (n: number, messages: string[]) => {
      for (let i = 0; i < n; i++) purchaseFailures.push(messages);
    },
    queuePurchasesNext: (n: number) => {
      queueNext += n;
    },
    settleQueued: (status: "SUCCESS" | "ERROR") => {
      for (const transaction of transactions.values()) {
        if (transaction.status !== "QUEUED") continue;
        Object.assign(transaction, { status, object_updated: now() });
        if (status === "ERROR") transaction.messages = [{ source: "USPS", code: "", text: "The carrier could not create the label." }];
        else {
          const id = String(transaction.object_id);
          Object.assign(transaction, {
            tracking_number: `9400${id.slice(0, 18).replace(/\D/g, "0").padStart(18, "0")}`,
            tracking_status: "UNKNOWN",
            label_url: `https://fake-shippo.invalid/labels/${id}.pdf`,
            tracking_url_provider: `https://fake-shippo.invalid/track/${id}`,
          });
        }
      }
    },
    reshapeAnswers: (next: typeof reshape) => {
      reshape = next;
    },
    setRates: (next: FakeRateTemplate[]) => {
      rateTemplates = next;
    },
    setTracking: (trackingNumber: string, history: Array<{ status: FakeTrackingStatus; details: string; at: string }>) => {
      tracking.set(trackingNumber, history);
      const current = history.at(-1)?.status;
      for (const transaction of transactions.values()) {
        if (transaction.tracking_number === trackingNumber && current) transaction.tracking_status = current;
      }
    },
  });
}
