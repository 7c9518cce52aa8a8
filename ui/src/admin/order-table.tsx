import type { AdminOrderLine as OrderSummary } from "../lib/api-types.ts";
import { Status } from "../lib/components.tsx";
import { dateTime, money } from "../lib/format.ts";

/** An order as the admin lists show it: the orders list, a coupon's redemptions, a customer's orders. */
export type { AdminOrderLine as OrderSummary } from "../lib/api-types.ts";

/** Which optional columns a list shows beside order, placed, status, payment and total. */
type Extra = "customer" | "discount";

const when = (at: string | number) => dateTime(typeof at === "number" ? new Date(at).toISOString() : at);

/** A table of orders; at a phone's width each row stacks, every cell after its column's name. */
export function OrderTable({ orders, label, extra = [] }: { orders: OrderSummary[]; label: string; extra?: Extra[] }) {
  const shows = (column: Extra) => extra.includes(column);
  return (
    <div class="scroll">
      <table class="stacked" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            {shows("customer") ? <th scope="col">Customer</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Payment</th>
            {shows("discount") ? (
              <th scope="col" class="num">
                Discount
              </th>
            ) : null}
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.orderId}>
              <td data-label="Order">
                {o.orderNumber ? (
                  <a href={`#/orders/${o.orderNumber}`}>{o.orderNumber}</a>
                ) : (
                  <code title="placed without a number, through the ingress">{o.orderId}</code>
                )}
              </td>
              <td data-label="Placed">{when(o.createdAt)}</td>
              {shows("customer") ? <td data-label="Customer">{o.customerEmail ?? "—"}</td> : null}
              <td data-label="Status">
                <Status value={o.status} />
              </td>
              <td data-label="Payment">
                <Status value={o.paymentStatus} />
              </td>
              {shows("discount") ? (
                <td data-label="Discount" class="num">
                  {money(o.discount ?? 0, o.currency)}
                </td>
              ) : null}
              <td data-label="Total" class="num">
                {money(o.total, o.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
