import { TerminalError } from "@restatedev/restate-sdk";
import type {
  LabelRequest,
  ShipmentRequest,
  ShippingLabel,
  ShippingProvider,
  ShippingQuote,
  TrackingInfo,
  TrackingStatus,
} from "../src/providers/types.ts";
import { mockId, nowIso, weather } from "./behaviour.ts";
import { MockProvider } from "./mock-provider.ts";

/** A destination zip that no carrier serves: label purchase fails for good. */
export const UNDELIVERABLE_ZIP = "00000";

const RATES = {
  standard: { carrier: "USPS", service: "Ground Advantage", amount: 695 },
  express: { carrier: "UPS", service: "Next Day Air", amount: 2450 },
} as const;

export class MockShippingProvider extends MockProvider implements ShippingProvider {

  async quote(request: ShipmentRequest): Promise<ShippingQuote> {
    await weather(this.behaviour, "shipping");
    const rate = RATES[request.method];
    const rateId = mockId("rate", `${request.orderId}:${request.method}`);
    const quote: ShippingQuote = {
      shipmentId: mockId("shp", request.orderId),
      rateId,
      carrier: rate.carrier,
      service: rate.service,
      cost: { amount: rate.amount, currency: "USD" },
    };
    this.ledger.transact((tx) => {
      if (tx.find({ op: "quote", key: rateId }).length === 0) {
        tx.append({ provider: "shipping", op: "quote", key: rateId, at: nowIso(), orderId: request.orderId, zip: request.to.zip, quote });
      }
    });
    return quote;
  }

  async buyLabel(request: LabelRequest): Promise<ShippingLabel> {
    await weather(this.behaviour, "shipping");
    const label = this.ledger.transact((tx) => {
      const [bought] = tx.find({ op: "label", key: request.rateId });
      if (bought) return bought.label as ShippingLabel;
      const [quote] = tx.find({ op: "quote", key: request.rateId });
      if (!quote) throw new TerminalError(`unknown rate ${request.rateId}`, { errorCode: 422 });
      if (quote.zip === UNDELIVERABLE_ZIP) {
        tx.append({ provider: "shipping", op: "label-failed", key: request.rateId, at: nowIso(), orderId: request.orderId });
        throw new TerminalError(
          `label purchase failed: no carrier delivers to zip ${UNDELIVERABLE_ZIP} (address not serviceable)`,
          { errorCode: 422 },
        );
      }
      const q = quote.quote as ShippingQuote;
      const trackingNumber = mockId("TRK", request.rateId).toUpperCase().replace(/_/g, "");
      const purchased: ShippingLabel = {
        labelId: mockId("txn", request.rateId),
        trackingNumber,
        carrier: q.carrier,
        service: q.service,
        labelUrl: `https://labels.example.invalid/${trackingNumber}.pdf`,
        cost: q.cost,
      };
      tx.append({ provider: "shipping", op: "label", key: request.rateId, at: nowIso(), orderId: request.orderId, label: purchased });
      return purchased;
    });
    // Also when the label was bought by an attempt that died before its tracking webhooks were
    // queued; their event ids are deterministic, so copies are deduplicated downstream.
    await this.events?.labelBought(label, request.orderId);
    return label;
  }

  async getTracking(carrier: string, trackingNumber: string): Promise<TrackingInfo> {
    await weather(this.behaviour, "shipping");
    const history = this.ledger
      .find({ op: "tracking", key: trackingNumber })
      .map((e) => ({ status: e.status as TrackingStatus, details: String(e.details ?? ""), at: e.at }));
    return { carrier, trackingNumber, status: history.at(-1)?.status ?? "PRE_TRANSIT", history };
  }
}
