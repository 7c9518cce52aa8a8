import { sql } from "../admin.ts";

export interface DurableSteps {
  orders: number;
  /** Journal entries of processOrder itself, per order (commands and their completions). */
  entries: number;
  /** Commands only: runs, calls, sends, state writes… */
  commands: number;
  /** Invocations processOrder called (InventoryItem get/reserve/commit…), per order. */
  calls: number;
  /** Journal entries of those calls, per order. */
  callEntries: number;
}

const quote = (s: string) => s.replace(/'/g, "''");

/** Journal sizes of the processOrder invocations whose order id starts with `prefix`, from the admin SQL endpoint. */
export async function durableSteps(adminUrl: string, prefix: string): Promise<DurableSteps> {
  const [own] = await sql<{ orders: number; entries: number; commands: number }>(
    adminUrl,
    `SELECT count(*) AS orders, avg(journal_size) AS entries, avg(journal_commands_size) AS commands FROM sys_invocation
       WHERE target_service_name = 'OrderOrchestrator' AND target_handler_name = 'processOrder'
       AND target_service_key LIKE '${quote(prefix)}%' AND status = 'completed'`,
  );
  const [children] = await sql<{ calls: number; entries: number }>(
    adminUrl,
    `SELECT count(*) AS calls, sum(journal_size) AS entries FROM sys_invocation
       WHERE invoked_by_target LIKE 'OrderOrchestrator/${quote(prefix)}%/processOrder'`,
  );
  const orders = Number(own?.orders ?? 0);
  return {
    orders,
    entries: Number(own?.entries ?? 0),
    commands: Number(own?.commands ?? 0),
    calls: orders ? Number(children?.calls ?? 0) / orders : 0,
    callEntries: orders ? Number(children?.entries ?? 0) / orders : 0,
  };
}

export interface TimelineEntry {
  index: number;
  type: string;
  name: string;
  /** Milliseconds since the previous entry was appended: where the order waited. */
  sincePreviousMs: number;
}

/** One order's journal in order, with the time between entries: where an order spends its time. */
export async function timeline(adminUrl: string, orderId: string): Promise<TimelineEntry[]> {
  const rows = await sql<{ index: number; entry_type: string; name: string | null; appended_at: string | null }>(
    adminUrl,
    `SELECT j.index, j.entry_type, j.name, j.appended_at FROM sys_journal j JOIN sys_invocation i ON j.id = i.id
       WHERE i.target = 'OrderOrchestrator/${quote(orderId)}/processOrder' ORDER BY j.index`,
  );
  let previous: number | undefined;
  return rows.map((r) => {
    const at = r.appended_at ? Date.parse(r.appended_at) : Number.NaN;
    const entry = {
      index: Number(r.index),
      type: r.entry_type,
      name: r.name ?? "",
      sincePreviousMs: previous === undefined ? 0 : at - previous,
    };
    previous = at;
    return entry;
  });
}
