import type { Address } from "../customers/domain/customer.ts";
import type { ShippingAddress } from "../platform/domain/address.ts";
import { ApiError } from "./api-errors.ts";

/** Where to ship: a saved address (404 when it is not one of the customer's) or the one given. */
export function destinationOf(
  body: { shippingAddressId?: string | undefined; shippingAddress?: ShippingAddress | undefined },
  saved: Address[],
): ShippingAddress {
  if (body.shippingAddress) return body.shippingAddress;
  const address = saved.find((a) => a.id === body.shippingAddressId);
  if (!address)
    throw new ApiError(404, "not_found", `shippingAddressId: you have no saved address ${body.shippingAddressId}`, {
      field: "shippingAddressId",
    });
  const { id: _id, label: _label, ...destination } = address;
  return destination;
}
