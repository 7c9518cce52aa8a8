/**
 * Restate's own state, read through the admin SQL endpoint (`POST <admin>/query`). For operator tasks
 * such as rebuilding projections — never for a request path: the endpoint scans partitions.
 */

export interface StateEntry {
  key: string;
  /** The object's key (the SKU, the order id…). */
  objectKey: string;
  value: unknown;
}

/** The values of the given state keys of every object of one service, grouped by object key. */
export async function readObjectState(adminUrl: string, service: string, keys: string[]): Promise<Map<string, Map<string, unknown>>> {
  const quoted = keys.map((k) => `'${k.replace(/'/g, "''")}'`).join(", ");
  const rows = await adminSql<{ service_key: string; key: string; value_utf8: string }>(
    adminUrl,
    `SELECT service_key, key, value_utf8 FROM state WHERE service_name = '${service.replace(/'/g, "''")}' AND key IN (${quoted})`,
  );
  const objects = new Map<string, Map<string, unknown>>();
  for (const row of rows) {
    let state = objects.get(row.service_key);
    if (!state) {
      state = new Map();
      objects.set(row.service_key, state);
    }
    // Every value this service stores is JSON (the SDK's default serde).
    state.set(row.key, JSON.parse(row.value_utf8));
  }
  return objects;
}

async function adminSql<T>(adminUrl: string, query: string): Promise<T[]> {
  const res = await fetch(`${adminUrl.replace(/\/$/, "")}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok) throw new Error(`Restate admin SQL at ${adminUrl} failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { rows: T[] }).rows;
}
