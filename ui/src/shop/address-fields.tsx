import { Field } from "../lib/components.tsx";
import type { Address } from "./store.ts";

/** Filled in for the demo; every field can be changed (the mocks react to some zips, see the README). */
export const DEMO_ADDRESS: Address = {
  name: "Ada Lovelace",
  street: "1 Main St",
  city: "Springfield",
  state: "IL",
  zip: "62701",
  country: "US",
};

export function AddressFields({ value }: { value: Address }) {
  const input = (name: keyof Address, text: string, autocomplete: string, extra: Record<string, unknown> = {}) => (
    <Field label={text}>
      <input name={name} defaultValue={value[name] ?? ""} autocomplete={autocomplete} required {...extra} />
    </Field>
  );
  return (
    <fieldset class="address">
      <legend>Ship to</legend>
      {input("name", "Name", "shipping name")}
      {input("street", "Street", "shipping street-address")}
      {input("city", "City", "shipping address-level2")}
      {input("state", "State or region", "shipping address-level1")}
      {input("zip", "ZIP or postal code", "shipping postal-code")}
      {input("country", "Country (2 letters)", "shipping country", { maxLength: 2, minLength: 2, pattern: "[A-Za-z]{2}" })}
    </fieldset>
  );
}

export const ADDRESS_FIELDS = ["name", "street", "city", "state", "zip", "country"] as const;

/** The address as the form holds it now. */
export function formAddress(form: HTMLFormElement): Address {
  const data = new FormData(form);
  const address = Object.fromEntries(ADDRESS_FIELDS.map((k) => [k, String(data.get(k) ?? "").trim()])) as unknown as Address;
  return { ...address, country: address.country.toUpperCase() };
}
