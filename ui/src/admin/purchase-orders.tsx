import type { PurchaseOrder, PurchaseOrderSummary } from "../lib/api-types.ts";
import { ErrorNote, Field, Loading, Pager, Status, Timeline } from "../lib/components.tsx";
import { dateTime } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function PurchaseOrders({ route }: { route: Route }) {
  const page = Number(route.query.get("page") ?? 1) || 1;
  const list = useLoad(
    (signal) =>
      admin.get<{ items: PurchaseOrderSummary[]; page: number; limit: number; total: number }>(
        `/admin/purchase-orders?page=${page}&limit=20`,
        signal,
      ),
    String(page),
  );
  const scan = useAction(async () => {
    await admin.request("POST", "/admin/replenishment/run", { idempotencyKey: crypto.randomUUID() });
    list.reload();
  });
  return (
    <section class="stack">
      <h1>Purchase orders</h1>
      <p class="muted">
        The replenishment scan drafts them for products at or below their threshold, per supplier; approving one emails the supplier.
      </p>
      <div class="actions">
        <button type="button" disabled={scan.busy} onClick={() => void scan.run()}>
          Scan for low stock now
        </button>
        <ErrorNote error={scan.error} />
      </div>
      <ErrorNote error={list.error} />
      {!list.data ? (
        list.error ? null : (
          <Loading what="purchase orders" />
        )
      ) : list.data.items.length === 0 ? (
        <p>No purchase orders yet.</p>
      ) : (
        <>
          <div class="scroll">
            <table aria-label="Purchase orders">
              <thead>
                <tr>
                  <th scope="col">Purchase order</th>
                  <th scope="col">Supplier</th>
                  <th scope="col">Status</th>
                  <th scope="col">SKUs</th>
                  <th scope="col" class="num">
                    Units
                  </th>
                  <th scope="col">Drafted</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((po) => (
                  <tr key={po.id} data-po={po.id}>
                    <td>
                      <a href={`#/purchase-orders/${encodeURIComponent(po.id)}`}>{po.id}</a>
                    </td>
                    <td>{po.supplier}</td>
                    <td>
                      <Status value={po.status} />
                    </td>
                    <td>{po.skus.join(", ")}</td>
                    <td class="num">{po.units}</td>
                    <td>{dateTime(iso(po.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={list.data.page}
            limit={list.data.limit}
            total={list.data.total}
            go={(n) => navigate("/purchase-orders", { page: n })}
          />
        </>
      )}
    </section>
  );
}

function Receive({ po, done }: { po: PurchaseOrder; done: () => void }) {
  const receive = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const lines = po.lines.map((l) => ({ sku: l.sku, quantity: Number(data.get(`qty-${l.sku}`) ?? 0) })).filter((l) => l.quantity > 0);
    await admin.request("POST", `/admin/purchase-orders/${encodeURIComponent(po.id)}/receive`, {
      body: { reference: String(data.get("reference") ?? "").trim(), lines },
      idempotencyKey: crypto.randomUUID(),
    });
    done();
  });
  return (
    <form
      class="card stack"
      aria-label="Book a delivery"
      onSubmit={(e) => {
        e.preventDefault();
        void receive.run(e.currentTarget as HTMLFormElement);
      }}
    >
      <h2>Book a delivery</h2>
      <Field label="Delivery note" hint="booking the same note twice restocks once">
        <input
          name="reference"
          required
          maxLength={128}
          pattern="[A-Za-z0-9._:\-]+"
          defaultValue={`${po.id}-delivery-${po.receipts.length + 1}`}
        />
      </Field>
      {po.lines.map((l) => (
        <Field key={l.sku} label={`${l.name} (${l.sku}): units arrived`}>
          <input name={`qty-${l.sku}`} type="number" min={0} max={1_000_000} defaultValue={String(Math.max(0, l.ordered - l.received))} />
        </Field>
      ))}
      <button type="submit" class="primary" disabled={receive.busy}>
        Receive
      </button>
      <ErrorNote error={receive.error} />
    </form>
  );
}

export function PurchaseOrderPage({ id }: { id: string }) {
  const po = useLoad((signal) => admin.get<PurchaseOrder>(`/admin/purchase-orders/${encodeURIComponent(id)}`, signal), id);
  const act = useAction(async (action: "approve" | "cancel") => {
    await admin.request("POST", `/admin/purchase-orders/${encodeURIComponent(id)}/${action}`, { idempotencyKey: crypto.randomUUID() });
    po.reload();
  });
  if (po.error && !po.data) return <ErrorNote error={po.error} />;
  if (!po.data) return <Loading what="the purchase order" />;
  const p = po.data;
  const receivable = p.status === "approved" || p.status === "ordered" || p.status === "partially_received";
  return (
    <article class="stack" data-po={p.id} data-status={p.status}>
      <p>
        <a href="#/purchase-orders">← Purchase orders</a>
      </p>
      <h1>Purchase order {p.id}</h1>
      <p>
        <Status value={p.status} />{" "}
        <span class="muted">
          to {p.supplier}, drafted {dateTime(iso(p.createdAt))}
        </span>
      </p>
      <div class="actions">
        {p.status === "draft" ? (
          <button type="button" class="primary" disabled={act.busy} onClick={() => void act.run("approve")}>
            Approve and send to the supplier
          </button>
        ) : null}
        {p.status === "draft" || p.status === "approved" || p.status === "ordered" ? (
          <button type="button" disabled={act.busy} onClick={() => void act.run("cancel")}>
            Cancel
          </button>
        ) : null}
        <ErrorNote error={act.error} />
      </div>
      <section class="card">
        <h2>Lines</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Product</th>
              <th scope="col" class="num">
                Ordered
              </th>
              <th scope="col" class="num">
                Received
              </th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((l) => (
              <tr key={l.sku}>
                <td>
                  <code>{l.sku}</code>
                </td>
                <td>{l.name}</td>
                <td class="num">{l.ordered}</td>
                <td class="num">{l.received}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {p.receipts.length ? <p class="muted">Deliveries booked: {p.receipts.join(", ")}</p> : null}
      </section>
      {receivable ? <Receive po={p} done={po.reload} /> : null}
      <section class="card">
        <h2>Log</h2>
        <Timeline events={p.events.map((e) => ({ ...e, at: iso(e.at) }))} />
      </section>
    </article>
  );
}
