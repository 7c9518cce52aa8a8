import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { ingress, uniqueId } from "../support/restate.ts";
import { callEveryPublicHandler } from "./minimal-calls.ts";

const fixture = path.join(projectRoot, "test/contracts/minimal-calls.ts");

function compile(file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(projectRoot, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const program = ts.createProgram([file], config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("typed ingress clients", () => {
  it("compile a call of every public handler with its minimal input", () => {
    expect(compile(fixture)).toEqual([]);
  });

  it("and those minimal calls succeed against the real server", async () => {
    const keys = {
      sku: uniqueId("TYPED"),
      spareSku: uniqueId("TYPED-SPARE"),
      coupon: `TYPED${Date.now().toString(36).toUpperCase()}`,
      email: `${uniqueId("typed")}@example.com`,
      adminEmail: `${uniqueId("typed-admin")}@example.com`,
      cart: uniqueId("typed-cart"),
      spareCart: uniqueId("typed-spare"),
      order: uniqueId("typed-order"),
      cancelledOrder: uniqueId("typed-cancel"),
    };
    const answers = await callEveryPublicHandler(ingress(), keys);
    expect(answers.stock).toMatchObject({ sku: keys.sku, onHand: 20 });
    expect(answers.catalog).toMatchObject({ sku: keys.sku, name: "Typed mug", currency: "USD" });
    expect(answers.priced).toMatchObject({ subtotal: 1200, currency: "USD" });
    expect(answers.checkout).toMatchObject({ status: "processing", paymentStatus: "captured" });
    // 5 × 12.00, shipping 6.95, and Illinois' 6.25 % on the items: 3.75.
    expect(answers.placed).toMatchObject({ orderId: keys.order, subtotal: 6000, shippingCost: 695, tax: 375, total: 7070 });
    expect(answers.refunded).toMatchObject({ status: "refunded", paymentStatus: "refunded" });
    expect(answers.read.payment).toMatchObject({ amountCaptured: 7070, amountRefunded: 7070 });
    expect(answers.read.refundRequests).toEqual([expect.objectContaining({ amount: 5500, status: "rejected" })]);
    expect(answers.cancelled).toMatchObject({ orderId: keys.cancelledOrder, status: "cancelled" });
    expect(answers.settlement).toEqual({ outcome: null, waiting: false });
    expect(answers.health.providers).toEqual([]);
    expect(answers.refusals.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(answers.promoted).toMatchObject({ name: "Typed Again", role: "admin" });
    expect(answers.admin).toMatchObject({ email: keys.adminEmail, role: "admin" });
    expect(answers.received.status).toBe("received");
    expect(answers.shown).toMatchObject({ sku: `${keys.sku}-P`, name: "Typed plate", status: "active", category: answers.shown.category });
    expect(answers.tree.categories.map((c) => c.name)).toContain("Typed shelf");
    expect(answers.currentCart.cartId).toMatch(/^cus_[0-9a-f]{32}-1$/);
    expect(answers.resolved).toEqual({ orderNumber: answers.checkout.orderNumber, orderId: answers.checkout.orderId });
    expect(answers.orders).toEqual({ items: [], page: 1, limit: 20, total: 0 });
    expect(answers.coupons.total).toBeGreaterThanOrEqual(1);
  });
});
