import { TerminalError } from "@restatedev/restate-sdk";
import type {
  LabelPurchase,
  LabelRequest,
  LabelVoid,
  ShipmentRequest,
  ShippingLabel,
  ShippingProvider,
  ShippingQuote,
  TrackingInfo,
  TrackingStatus,
  VoidLabelRequest,
} from "../src/providers/types.ts";
import { mockId, nowIso, weather } from "./behaviour.ts";
import { MockProvider } from "./mock-provider.ts";

/** A destination zip that no carrier serves: label purchase fails for good. */
export const UNDELIVERABLE_ZIP = "00000";
/** The carrier never picks the parcel up by itself: no tracking webhooks, so a label stays voidable. */
export const NO_PICKUP_ZIP = "00001";
/** The carrier scanned the parcel at the counter: voiding its label is refused (and it sends no webhooks). */
export const VOID_REFUSED_ZIP = "00002";

/** The carrier asks half as much again for the label as it quoted. */
export const REPRICED_ZIP = "00003";

/** The carrier queues the label purchase: the first look-up after it finds the label bought. */
export const QUEUED_LABEL_ZIP = "00004";

/** The carrier moves parcels by itself (tracking webhooks) except to the zips tests hold still. */
export const carrierMoves = (zip: unknown) => zip !== NO_PICKUP_ZIP && zip !== VOID_REFUSED_ZIP;

const RATES = {
  standard: { carrier: "USPS", service: "Ground Advantage", amount: 695 },
  express: { carrier: "UPS", service: "Next Day Air", amount: 2450 },
} as const;

export class MockShippingProvider extends MockProvider implements ShippingProvider {
  async quote(request: ShipmentRequest): Promise<ShippingQuote> {
    await weather(this.behaviour, "shipping");
    const rate = RATES[request.method];
    // A rate is the carrier's offer for one shipment, method and currency: quoting again in another currency is another rate.
    const rateId = mockId("rate", `${request.orderId}:${request.method}:${request.currency}`);
    const quote: ShippingQuote = {
      shipmentId: mockId("shp", request.orderId),
      rateId,
      carrier: rate.carrier,
      service: rate.service,
      // The mock carrier charges the same number in whatever currency the order is in.
      cost: { amount: rate.amount, currency: request.currency },
    };
    this.ledger.transact((tx) => {
      if (tx.find({ op: "quote", key: rateId }).length === 0) {
        tx.append({ provider: "shipping", op: "quote", key: rateId, at: nowIso(), orderId: request.orderId, zip: request.to.zip, quote });
      }
    });
    return quote;
  }

  async buyLabel(request: LabelRequest): Promise<LabelPurchase> {
    await weather(this.behaviour, "shipping");
    const label = this.ledger.transact((tx): ShippingLabel | undefined => {
      const [bought] = tx.find({ op: "label", key: request.rateId });
      if (bought) return bought.label as ShippingLabel;
      const [quote] = tx.find({ op: "quote", key: request.rateId });
      if (!quote) throw new TerminalError(`unknown rate ${request.rateId}`, { errorCode: 422 });
      if (quote.zip === QUEUED_LABEL_ZIP && tx.find({ op: "label-queued", key: request.rateId }).length === 0) {
        tx.append({ provider: "shipping", op: "label-queued", key: request.rateId, at: nowIso(), orderId: request.orderId });
        return undefined;
      }
      if (quote.zip === UNDELIVERABLE_ZIP) {
        tx.append({ provider: "shipping", op: "label-failed", key: request.rateId, at: nowIso(), orderId: request.orderId });
        throw new TerminalError(`label purchase failed: no carrier delivers to zip ${UNDELIVERABLE_ZIP} (address not serviceable)`, {
          errorCode: 422,
        });
      }
      const q = quote.quote as ShippingQuote;
      const trackingNumber = mockId("TRK", request.rateId).toUpperCase().replace(/_/g, "");
      const purchased: ShippingLabel = {
        labelId: mockId("txn", request.rateId),
        trackingNumber,
        carrier: q.carrier,
        service: q.service,
        labelUrl: `https://labels.example.invalid/${trackingNumber}.pdf`,
        cost: quote.zip === REPRICED_ZIP ? { ...q.cost, amount: Math.round(q.cost.amount * 1.5) } : q.cost,
      };
      tx.append({ provider: "shipping", op: "label", key: request.rateId, at: nowIso(), orderId: request.orderId, label: purchased });
      return purchased;
    });
    // Also when the label was bought by an attempt that died before its tracking webhooks were
    // queued; their event ids are deterministic, so copies are deduplicated downstream.
    if (!label) return { status: "queued", labelId: mockId("txn", request.rateId) };
    if (carrierMoves(this.zipOf(request.rateId))) await this.events?.labelBought(label, request.orderId);
    return { status: "bought", label };
  }

  async voidLabel(request: VoidLabelRequest): Promise<LabelVoid> {
    await weather(this.behaviour, "shipping");
    return this.ledger.transact((tx): LabelVoid => {
      const [bought] = tx.find({ op: "label", key: request.rateId });
      if (!bought) return { status: "none" };
      const label = bought.label as ShippingLabel;
      if (tx.find({ op: "label-void", key: request.rateId }).length > 0) return { status: "voided", labelId: label.labelId };
      const now = nowIso();
      const moved = tx.find({ op: "tracking", key: label.trackingNumber }).some((e) => e.status !== "PRE_TRANSIT" && e.at <= now);
      if (moved || this.zipOf(request.rateId) === VOID_REFUSED_ZIP) {
        throw new TerminalError(
          `the carrier refused to void label ${label.labelId}: the parcel ${label.trackingNumber} was already scanned`,
          { errorCode: 409 },
        );
      }
      tx.append({ provider: "shipping", op: "label-void", key: request.rateId, at: now, orderId: request.orderId, labelId: label.labelId });
      return { status: "voided", labelId: label.labelId };
    });
  }

  private zipOf(rateId: string): unknown {
    return this.ledger.find({ op: "quote", key: rateId })[0]?.zip;
  }

  async getTracking(carrier: string, trackingNumber: string): Promise<TrackingInfo> {
    await weather(this.behaviour, "shipping");
    const history = this.ledger
      .find({ op: "tracking", key: trackingNumber })
      .map((e) => ({ status: e.status as TrackingStatus, details: String(e.details ?? ""), at: e.at }));
    return { carrier, trackingNumber, status: history.at(-1)?.status ?? "PRE_TRANSIT", history };
  }
}
