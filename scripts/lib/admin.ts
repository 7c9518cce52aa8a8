/** The admin SQL endpoint: the operators' (and these tools') view of Restate's own tables. */
export async function sql<T = Record<string, unknown>>(adminUrl: string, query: string): Promise<T[]> {
  const res = await fetch(`${adminUrl}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`SQL query failed: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
  return ((await res.json()) as { rows: T[] }).rows;
}

/**
 * Replaces one object's whole state through the admin API (applied asynchronously by Restate). A
 * value given as a string is written as those bytes (a value read back as it was); anything else as
 * its JSON, as the SDK's default serde writes it.
 */
export async function writeState(adminUrl: string, service: string, key: string, state: Record<string, unknown>): Promise<void> {
  const bytes = (value: unknown) => [...new TextEncoder().encode(value instanceof Raw ? value.text : JSON.stringify(value))];
  const encoded = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, bytes(v)]));
  const res = await fetch(`${adminUrl}/services/${service}/state`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ object_key: key, new_state: encoded }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`writing ${service}/${key} failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
}

/** A state value kept byte for byte as it was read (its UTF-8 text), for writeState. */
export class Raw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** Every state value of every object of one service, by object key, each as read (Raw). */
export async function readState(adminUrl: string, service: string): Promise<Map<string, Map<string, Raw>>> {
  const rows = await sql<{ service_key: string; key: string; value_utf8: string }>(
    adminUrl,
    `SELECT service_key, key, value_utf8 FROM state WHERE service_name = '${service.replace(/'/g, "''")}'`,
  );
  const objects = new Map<string, Map<string, Raw>>();
  for (const row of rows) {
    const state = objects.get(row.service_key) ?? new Map<string, Raw>();
    state.set(row.key, new Raw(row.value_utf8));
    objects.set(row.service_key, state);
  }
  return objects;
}

export interface OpenInvocation {
  id: string;
  target: string;
  status: string;
  last_failure: string | null;
}

/**
 * Invocations not completed: running, queued, retrying (backing-off), suspended, paused, or
 * scheduled to start within `horizonMs`. Timers further out (the week-long retention of processed
 * webhook ids) are not work in flight.
 */
export async function openInvocations(adminUrl: string, horizonMs = 10 * 60_000): Promise<OpenInvocation[]> {
  // Restate 1.7 fills scheduled_start_at only when scheduled_at is selected as well.
  const rows = await sql<OpenInvocation & { scheduled_at: string | null; scheduled_start_at: string | null }>(
    adminUrl,
    "SELECT id, target, status, last_failure, scheduled_at, scheduled_start_at FROM sys_invocation WHERE status <> 'completed'",
  );
  const horizon = Date.now() + horizonMs;
  return rows
    .filter((r) => !(r.status === "scheduled" && r.scheduled_start_at && Date.parse(r.scheduled_start_at) > horizon))
    .map(({ id, target, status, last_failure }) => ({ id, target, status, last_failure }));
}

/**
 * Waits until nothing is in flight (twice in a row, so a one-way send issued by a finishing
 * invocation is seen). Returns what is still open when the time is up: empty means idle.
 */
export async function waitUntilIdle(adminUrl: string, timeoutMs: number): Promise<OpenInvocation[]> {
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  for (;;) {
    // Right after a restart the partitions may not answer yet: that is not "idle", ask again.
    const open = await openInvocations(adminUrl).catch(() => undefined);
    if (!open) {
      if (Date.now() > deadline) throw new Error("the admin SQL endpoint did not answer in time");
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    quietPolls = open.length === 0 ? quietPolls + 1 : 0;
    if (quietPolls >= 2) return [];
    if (Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 250));
  }
}
