import { describe, expect, it } from "vitest";
import { adminUrl, post, sql, uniqueId } from "../support/restate.ts";
import { product } from "../support/shop.ts";

interface AdminHandler {
  name: string;
  input_description: string;
  input_json_schema?: unknown;
}

describe("handlers that take no input", () => {
  it("answer 400 to Cart.clear with a body, keep the cart, and start no invocation", async () => {
    const sku = await product(5);
    const cartId = uniqueId("cart");
    expect((await post(`/Cart/${cartId}/addItem`, { sku, quantity: 2 })).status).toBe(200);

    for (const body of [[1, 2], {}, null]) {
      const answer = await post(`/Cart/${cartId}/clear`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message).toMatch(/Expected body and content-type to be empty/);
    }
    expect((await post(`/Cart/${cartId}/get`)).body.items).toEqual([
      { sku, name: `Product ${sku}`, quantity: 2, unitPrice: 1500, currency: "USD", lineTotal: 3000 },
    ]);
    expect(await sql(`SELECT id FROM sys_invocation WHERE target = 'Cart/${cartId}/clear'`)).toEqual([]);

    expect((await post(`/Cart/${cartId}/clear`)).body.items).toEqual([]);
  });

  it("are declared as such: every handler takes no input, a JSON object with a schema, or a provider's raw callback", async () => {
    const { services } = (await (await fetch(`${adminUrl()}/services`)).json()) as {
      services: Array<{ name: string; handlers: AdminHandler[] }>;
    };
    const ours = services.filter((s) => !s.name.startsWith("Test"));
    expect(ours.length).toBeGreaterThan(5);
    const undeclared = ours.flatMap((s) =>
      s.handlers
        .filter(
          (h) =>
            !(
              h.input_description === "none" ||
              h.input_json_schema !== undefined ||
              (s.name === "WebhookProcessor" && h.input_description === "*/*")
            ),
        )
        .map((h) => `${s.name}.${h.name}: ${h.input_description}`),
    );
    expect(undeclared).toEqual([]);
  });
});
