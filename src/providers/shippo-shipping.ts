import { Shippo } from "shippo";
import { HTTPClientError, ResponseValidationError, SDKValidationError, ShippoError } from "shippo/models/errors/index.js";
import type { ProviderConfig, RateStrategy } from "./provider-config.ts";
import { clip, parseRetryAfter, terminalError, transientError } from "./provider-errors.ts";
import type { Guard } from "./resilience.ts";
import {
  readAnswer,
  ShippoRate,
  ShippoRefund,
  ShippoShipment,
  ShippoTrack,
  ShippoTransaction,
  ShippoTransactionList,
} from "./shippo-answers.ts";
import type { Address, LabelPurchase, LabelVoid, ShippingLabel, ShippingProvider, ShippingQuote, TrackingInfo } from "./types.ts";

/**
 * ShippingProvider on Shippo. Shippo has no idempotency key, so a label is never bought blindly:
 * buyLabel first looks for a transaction already made for the rate (a retried `ctx.run` after a
 * lost response finds it). That is also why quote and buyLabel are separate journaled steps.
 */
export function createShippoShipping(config: ProviderConfig["shippo"], timeoutMs: number, guard: Guard): ShippingProvider {
  const shippo = new Shippo({
    apiKeyHeader: config.apiKey,
    shippoApiVersion: "2018-02-08",
    timeoutMs,
    ...(config.apiBase ? { serverURL: config.apiBase } : {}),
  });

  const rateDetails = async (rateId: string, transaction: ShippoTransaction, signal: AbortSignal) => {
    // Transactions may carry their rate expanded; when they only carry its id, ask for it.
    const expanded = typeof transaction.rate === "object" ? fromCoreRate(transaction.rate) : undefined;
    return expanded ?? fromRate(await readAnswer("rate", ShippoRate, () => shippo.rates.get(rateId, { signal })));
  };
  const transactionsFor = async (rateId: string, signal: AbortSignal) =>
    (await readAnswer("transactions", ShippoTransactionList, () => shippo.transactions.list({ rate: rateId }, { signal }))).results;

  return {
    quote: (request) =>
      guard("quote", async (signal): Promise<ShippingQuote> => {
        const { length, width, height } = config.parcelCm;
        const shipment = await readAnswer("quote", ShippoShipment, () =>
          shippo.shipments.create(
            {
              addressFrom: shippoAddress(config.shipFrom),
              addressTo: shippoAddress(request.to),
              parcels: [
                {
                  length: String(length),
                  width: String(width),
                  height: String(height),
                  distanceUnit: "cm",
                  weight: String(Math.max(1, Math.ceil(request.parcel.weightGrams))),
                  massUnit: "g",
                },
              ],
              async: false,
              metadata: `order:${request.orderId}`,
            },
            { signal },
          ),
        );
        const payable = shipment.rates.filter((r) => priceIn(r, request.currency) !== undefined);
        if (shipment.rates.length > 0 && payable.length === 0) {
          throw terminalError(
            `no shipping rate in ${request.currency} for order ${request.orderId}; the carriers quote in ${[...new Set(shipment.rates.map((r) => r.currency))].join(", ")}`,
            422,
          );
        }
        const rate = pickRate(payable, config.rates[request.method]);
        if (!rate) {
          const why = messagesText(shipment.messages) || `shipment ${shipment.status}`;
          if (shipment.status === "QUEUED" || shipment.status === "WAITING") {
            throw transientError(`shippo has no rates yet for order ${request.orderId}: ${why}`);
          }
          throw terminalError(`no shipping rates for order ${request.orderId}: ${why}`, 422);
        }
        const details = fromRate(rate, request.currency);
        return {
          shipmentId: shipment.objectId,
          rateId: rate.objectId,
          carrier: details.carrier,
          service: details.service,
          cost: details.cost,
        };
      }),

    buyLabel: (request) =>
      guard("label", async (signal): Promise<LabelPurchase> => {
        // The look-up by rate is also how a queued purchase is followed: asked again, it finds it bought (or not yet).
        const earlier = await transactionsFor(request.rateId, signal);
        const bought = earlier.find((t) => t.status === "SUCCESS");
        if (bought) return { status: "bought", label: label(bought, await rateDetails(request.rateId, bought, signal)) };
        const queued = earlier.find(isQueued);
        if (queued) return { status: "queued", labelId: queued.objectId ?? request.rateId };
        // An earlier purchase that failed or was refunded stays the answer: buying again is not ours to decide.
        const failed = earlier[0];
        if (failed) throw failedPurchase(request.rateId, failed);

        const transaction = await readAnswer("label", ShippoTransaction, () =>
          shippo.transactions.create(
            { rate: request.rateId, async: false, labelFileType: config.labelFileType, metadata: `order:${request.orderId}` },
            { signal },
          ),
        );
        if (isQueued(transaction)) return { status: "queued", labelId: transaction.objectId ?? request.rateId };
        if (transaction.status !== "SUCCESS") throw failedPurchase(request.rateId, transaction);
        return { status: "bought", label: label(transaction, await rateDetails(request.rateId, transaction, signal)) };
      }),

    voidLabel: (request) =>
      guard("voidLabel", async (signal): Promise<LabelVoid> => {
        // Look before acting, as for the purchase: a retried void finds its refund already requested.
        const earlier = await transactionsFor(request.rateId, signal);
        const label = earlier.find((t) => t.status !== "ERROR" && t.status !== "QUEUED" && t.status !== "WAITING");
        if (!label?.objectId) {
          if (earlier.some((t) => t.status === "QUEUED" || t.status === "WAITING")) {
            throw transientError(`label purchase for rate ${request.rateId} is still being processed by shippo; cannot void it yet`);
          }
          return { status: "none" };
        }
        const labelId = label.objectId;
        if (label.status === "REFUNDED" || label.status === "REFUNDPENDING") return { status: "voided", labelId };
        if (label.status === "REFUNDREJECTED") throw refusedVoid(labelId, "the carrier rejected its refund");
        if (label.trackingStatus && !["UNKNOWN", "PRE_TRANSIT"].includes(label.trackingStatus)) {
          throw refusedVoid(labelId, `the parcel is already ${label.trackingStatus}`);
        }
        const refund = await readAnswer("voidLabel", ShippoRefund, () =>
          shippo.refunds.create({ transaction: labelId, async: false }, { signal }),
        );
        if (refund.status === "ERROR") throw refusedVoid(labelId, "shippo answered the refund with ERROR");
        return { status: "voided", labelId };
      }),

    getTracking: (carrier, trackingNumber) =>
      guard("tracking", async (signal): Promise<TrackingInfo> => {
        const track = await readAnswer("tracking", ShippoTrack, () =>
          shippo.trackingStatus.get(trackingNumber, carrierToken(carrier), { signal }),
        );
        return {
          carrier: track.carrier,
          trackingNumber: track.trackingNumber,
          status: track.trackingStatus?.status ?? "UNKNOWN",
          history: track.trackingHistory.map((event) => ({
            status: event.status,
            details: event.statusDetails ?? "",
            at: (event.statusDate ?? event.objectUpdated ?? new Date(0)).toISOString(),
          })),
        };
      }),
  };
}

interface RateDetails {
  carrier: string;
  service: string;
  cost: { amount: number; currency: string };
}

/** Shippo queues some purchases even when asked to buy synchronously. */
const isQueued = (transaction: ShippoTransaction) => transaction.status === "QUEUED" || transaction.status === "WAITING";

function label(transaction: ShippoTransaction, rate: RateDetails): ShippingLabel {
  if (!transaction.objectId || !transaction.trackingNumber || !transaction.labelUrl) {
    throw terminalError(`shippo label ${transaction.objectId ?? "?"} lacks a tracking number or label URL`, 502);
  }
  return {
    labelId: transaction.objectId,
    trackingNumber: transaction.trackingNumber,
    carrier: rate.carrier,
    service: rate.service,
    labelUrl: transaction.labelUrl,
    ...(transaction.trackingUrlProvider ? { trackingUrl: transaction.trackingUrlProvider } : {}),
    cost: rate.cost,
  };
}

const refusedVoid = (labelId: string, why: string) => terminalError(`the carrier refused to void label ${labelId}: ${why}`, 409);

function failedPurchase(rateId: string, transaction: ShippoTransaction) {
  const why = messagesText(transaction.messages) || "no reason given";
  return terminalError(
    `label purchase for rate ${rateId} ${transaction.status === "ERROR" ? "failed" : `is ${transaction.status}`}: ${why}`,
    422,
    {
      ...(transaction.objectId ? { transactionId: transaction.objectId } : {}),
    },
  );
}

/** A rate's price in the given currency: its own, or the local one Shippo also quotes. */
function priceIn(rate: ShippoRate, currency: string): { amount: string; currency: string } | undefined {
  if (rate.currency === currency) return { amount: rate.amount, currency };
  if (rate.currencyLocal === currency && rate.amountLocal) return { amount: rate.amountLocal, currency };
  return undefined;
}

const fromRate = (rate: ShippoRate, currency = rate.currency): RateDetails => {
  const price = priceIn(rate, currency) ?? { amount: rate.amount, currency: rate.currency };
  return {
    carrier: rate.provider,
    service: rate.servicelevel.name ?? rate.servicelevel.token ?? "",
    cost: { amount: toMinorUnits(price.amount, price.currency), currency: price.currency },
  };
};

const fromCoreRate = ({
  provider,
  amount,
  currency,
  servicelevelName,
  servicelevelToken,
}: Exclude<ShippoTransaction["rate"], string | undefined>): RateDetails | undefined =>
  provider && amount && currency
    ? {
        carrier: provider,
        service: servicelevelName ?? servicelevelToken ?? "",
        cost: { amount: toMinorUnits(amount, currency), currency },
      }
    : undefined;

/**
 * cheapest: lowest amount. fastest: fewest estimated days (ties: Shippo's FASTEST tag, then price);
 * without estimates, the rate Shippo tags FASTEST. bestvalue: Shippo's BESTVALUE tag. Any rule
 * falls back to the cheapest rate.
 */
export function pickRate(rates: readonly ShippoRate[], strategy: RateStrategy): ShippoRate | undefined {
  const byPrice = [...rates].sort((a, b) => price(a) - price(b));
  const tagged = (tag: string) => byPrice.find((r) => r.attributes.includes(tag));
  if (strategy === "bestvalue") return tagged("BESTVALUE") ?? byPrice[0];
  if (strategy === "fastest") {
    const days = (r: ShippoRate) => r.estimatedDays ?? Number.POSITIVE_INFINITY;
    const fastest = Math.min(...byPrice.map(days));
    if (fastest === Number.POSITIVE_INFINITY) return tagged("FASTEST") ?? byPrice[0];
    const quickest = byPrice.filter((r) => days(r) === fastest);
    return quickest.find((r) => r.attributes.includes("FASTEST")) ?? quickest[0];
  }
  return byPrice[0];
}

const price = (rate: ShippoRate) => Number(rate.amount);

/** "7.50" USD → 750, without floating point; digits beyond the currency's are rounded half up. */
export function toMinorUnits(amount: string, currency: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  let digits: number | undefined;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    digits = undefined;
  }
  if (!match || digits === undefined) throw terminalError(`shippo returned an unreadable price: ${clip(`${amount} ${currency}`, 40)}`, 502);
  const [, whole = "0", fraction = ""] = match;
  const roundUp = (fraction[digits] ?? "0") >= "5" ? 1 : 0;
  return Number(whole) * 10 ** digits + Number(fraction.slice(0, digits).padEnd(digits, "0") || "0") + roundUp;
}

/** Labels name carriers as rates do ("USPS", "DHL Express"); the tracking API wants tokens ("usps", "dhl_express"). */
export const carrierToken = (carrier: string) => carrier.trim().toLowerCase().replace(/\s+/g, "_");

const shippoAddress = (address: Address) => ({
  ...(address.name ? { name: address.name } : {}),
  street1: address.street,
  city: address.city,
  state: address.state,
  zip: address.zip,
  country: address.country,
});

const messagesText = (messages: ReadonlyArray<{ source?: string; text?: string }> | undefined) =>
  clip(
    (messages ?? [])
      .map((m) => (m.source ? `${m.source}: ${m.text ?? ""}` : (m.text ?? "")))
      .filter(Boolean)
      .join("; "),
  );

/** Shippo's answer in the terms of the provider contract (types.ts). */
export function classifyShippoError(error: unknown, operation: string): Error {
  // An answer on an error status that the SDK could not read: still Shippo's answer, still Shippo's fault.
  if (error instanceof ResponseValidationError) {
    return transientError(`shippo ${operation} answered HTTP ${error.statusCode} in a form the SDK cannot read: a provider fault`);
  }
  if (error instanceof SDKValidationError) {
    return terminalError(`shippo ${operation} request is invalid: ${clip(error.message)}`, 400);
  }
  if (error instanceof ShippoError) {
    const status = error.statusCode;
    if (status === 408 || status === 429 || status >= 500) {
      return transientError(`shippo ${operation} failed with HTTP ${status}`, parseRetryAfter(error.headers.get("retry-after")));
    }
    // Bad or revoked keys are ours to fix; retrying keeps orders alive until the key is rotated.
    if (status === 401 || status === 403) {
      return transientError(`shippo refused our credentials for ${operation} (HTTP ${status}): check SHIPPO_API_KEY`);
    }
    if (status >= 400) return terminalError(`shippo rejected ${operation}: ${errorBodyText(error.body)}`, status === 404 ? 404 : 422);
    return transientError(`shippo ${operation} answered HTTP ${status}, not the status the SDK expects: a provider fault`);
  }
  if (error instanceof HTTPClientError) return transientError(`shippo ${operation} ${error.name}: ${clip(error.message)}`);
  return transientError(`shippo ${operation} failed: ${error instanceof Error ? clip(error.message) : String(error)}`);
}

/** Shippo errors come as {"detail": "…"}, as {"field": ["…"]}, or with a messages list. */
function errorBodyText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      if (typeof record.detail === "string") return clip(record.detail);
      if (Array.isArray(record.messages)) return messagesText(record.messages as Array<{ text?: string }>);
      return clip(
        Object.entries(record)
          .map(([field, value]) => `${field}: ${[value].flat().join(", ")}`)
          .join("; "),
      );
    }
  } catch {
    // Not JSON: the raw text, shortened, is the best description there is.
  }
  return clip(body) || "no details";
}
