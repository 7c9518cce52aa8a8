import { z } from "zod";
import { freeText } from "./text.ts";

/** Where a parcel goes: an order's shipping address, and each address a customer keeps in their book. */
export const ShippingAddress = z.strictObject({
  name: freeText("name", 200).optional(),
  street: freeText("street", 200),
  city: freeText("city", 100),
  state: freeText("state", 100),
  zip: freeText("zip", 20),
  country: z.string().regex(/^[A-Z]{2}$/, "must be a two-letter upper-case ISO 3166 country code"),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;
