import type { Alert } from "../lib/api-types.ts";
import { ErrorNote, Loading, Pager } from "../lib/components.tsx";
import { dateTime, label } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

const FILTERS = ["open", "acknowledged", "all"] as const;

export function Alerts({ route }: { route: Route }) {
  const status = (FILTERS as readonly string[]).includes(route.query.get("status") ?? "") ? route.query.get("status")! : "open";
  const page = Number(route.query.get("page") ?? 1) || 1;
  const alerts = useLoad(
    (signal) =>
      admin.get<{ items: Alert[]; page: number; limit: number; total: number }>(
        `/admin/alerts?status=${status}&page=${page}&limit=20`,
        signal,
      ),
    `${status}:${page}`,
    10_000,
  );
  const ack = useAction(async (id: string) => {
    await admin.request("POST", `/admin/alerts/${encodeURIComponent(id)}/ack`);
    alerts.reload();
  });
  return (
    <section>
      <h1>Alerts</h1>
      <p class="muted">What needs a person: low stock, disputes, stuck payments, failed refunds.</p>
      <nav class="tabs" aria-label="Which alerts">
        {FILTERS.map((f) => (
          <a key={f} href={`#/alerts?status=${f}`} aria-current={f === status ? "page" : undefined}>
            {label(f)}
          </a>
        ))}
      </nav>
      <ErrorNote error={alerts.error ?? ack.error} />
      {!alerts.data ? (
        alerts.error ? null : (
          <Loading what="alerts" />
        )
      ) : alerts.data.items.length === 0 ? (
        <p>Nothing here.</p>
      ) : (
        <>
          <ul class="inbox">
            {alerts.data.items.map((a) => (
              <li key={a.id} class={`card alert alert-${a.kind}`} data-alert={a.kind}>
                <p>
                  <strong>{label(a.kind)}</strong> <small class="muted">{dateTime(a.raisedAt)}</small>
                </p>
                <p>{a.message}</p>
                <p class="muted">
                  {a.orderNumber ? (
                    <>
                      Order <a href={`#/orders/${a.orderNumber}`}>{a.orderNumber}</a>{" "}
                    </>
                  ) : null}
                  {a.sku ? (
                    <>
                      SKU <code>{a.sku}</code>{" "}
                    </>
                  ) : null}
                  {a.emailed ? "· emailed to the operator" : ""}
                </p>
                {a.acknowledgedAt ? (
                  <p class="muted">Acknowledged {dateTime(a.acknowledgedAt)}</p>
                ) : (
                  <button type="button" disabled={ack.busy} onClick={() => void ack.run(a.id)}>
                    Acknowledge
                  </button>
                )}
              </li>
            ))}
          </ul>
          <Pager
            page={alerts.data.page}
            limit={alerts.data.limit}
            total={alerts.data.total}
            go={(p) => navigate("/alerts", { status, page: p })}
          />
        </>
      )}
    </section>
  );
}
