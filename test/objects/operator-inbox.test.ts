import { describe, expect, it } from "vitest";
import { post } from "../support/restate.ts";
import { product } from "../support/shop.ts";

const inbox = (handler: string, body?: unknown) => post(`/OperatorInbox/shop/${handler}`, body);

async function alertFor(sku: string) {
  const id = `${sku}:low-stock:1`;
  // The item raises its alert with a one-way send: wait until the inbox has taken it in.
  for (;;) {
    const alert = ((await inbox("list")).body as Array<{ id: string; acknowledgedAt?: number }>).find((a) => a.id === id);
    if (alert) return alert;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("OperatorInbox.acknowledge", () => {
  it("marks a known alert once and refuses an id the inbox never held", async () => {
    const sku = await product(3, 1000, { lowStockThreshold: 5 });
    const { id } = await alertFor(sku);

    expect((await inbox("acknowledge", { id })).status).toBe(200);
    const acknowledged = await alertFor(sku);
    expect(acknowledged.acknowledgedAt).toEqual(expect.any(Number));

    expect((await inbox("acknowledge", { id })).status).toBe(200);
    expect((await alertFor(sku)).acknowledgedAt).toBe(acknowledged.acknowledgedAt);

    const unknown = await inbox("acknowledge", { id: `${sku}:no-such-alert` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`no alert ${sku}:no-such-alert in this inbox`);
  });
});
