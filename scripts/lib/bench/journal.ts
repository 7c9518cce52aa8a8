import { sql } from "../admin.ts";

export interface DurableSteps {
  orders: number;
  /** Journal entries of processOrder itself, per order (commands and their completions). */
  entries: number;
  /** Commands only: runs, calls, sends, state writes… */
  commands: number;
  /** Invocations processOrder called (InventoryItem reserve/commit, Product get…), per order. */
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

/** One journal entry as the admin SQL endpoint lists it (sys_journal, journal v2). */
export interface JournalRow {
  index: number;
  entry_type: string;
  name?: string | null;
  /** The entry's structure without payloads: completion ids, call targets, run names. */
  entry_lite_json?: string | null;
}

/** One wait of the handler on the server: what it had asked for, and how many commands it sent before waiting. */
export interface RoundTrip {
  /** The results the handler got back before it went on: a run's name (`clock` for ctx.date.now), `Service.handler` for a call. */
  awaited: string[];
  /** Commands sent in the batch before this wait. */
  commands: number;
}

/** What a completion id stands for, from the command that declared it. */
function completionLabels(rows: readonly JournalRow[], key?: string): Map<number, string> {
  const labels = new Map<number, string>();
  const tidy = (name: string) => (key ? name.split(key).join("{key}") : name);
  for (const row of rows) {
    if (!row.entry_type.startsWith("Command:") || !row.entry_lite_json) continue;
    const command = JSON.parse(row.entry_lite_json).Command as Record<string, any> | undefined;
    const [kind, body] = Object.entries(command ?? {})[0] ?? [];
    if (!kind || typeof body !== "object" || body === null) continue;
    const target = body.invocation_target?.VirtualObject ?? body.invocation_target?.Workflow ?? body.invocation_target?.Service;
    const label =
      kind === "Run"
        ? body.name
          ? tidy(String(body.name))
          : "clock"
        : target
          ? `${target.name}.${target.handler}`
          : `${kind}${body.key ? ` ${body.key}` : ""}`;
    for (const field of ["completion_id", "result_completion_id"]) if (typeof body[field] === "number") labels.set(body[field], label);
  }
  return labels;
}

/**
 * The awaited round trips of one invocation, read from its journal (v2, in index order).
 *
 * The SDK sends each command the moment the handler makes it (a run, a call, a send, a state
 * write); the server appends commands as they come and a notification whenever a result is ready
 * (a run's result is proposed by the SDK and acknowledged by the server before the handler sees
 * it). So a handler that waits shows in its journal as commands, then results, then the next
 * commands: every command that follows at least one result notification starts a new batch, and
 * the gap before it is one round trip. Several things awaited together (`RestatePromise.all`, or a
 * call issued early and awaited later) share one round trip: that is what they cost on the path.
 * Not results, and not counted: the invocation id a call or send gets at once
 * (`Notification: CallInvocationId`), and state the server sent with the invocation
 * (`GetEagerState`). A wait at the end with no command after it (a suspended invocation) counts too.
 *
 * `key`: the invocation's key, written `{key}` in run names (an order's email step names its order).
 */
export function roundTrips(rows: readonly JournalRow[], key?: string): RoundTrip[] {
  const sorted = [...rows].sort((a, b) => Number(a.index) - Number(b.index));
  const labels = completionLabels(sorted, key);
  const trips: RoundTrip[] = [];
  let awaited: string[] = [];
  let commands = 0;
  for (const row of sorted) {
    if (row.entry_type.startsWith("Command:")) {
      if (awaited.length > 0) {
        trips.push({ awaited, commands });
        awaited = [];
        commands = 0;
      }
      commands++;
    } else if (row.entry_type.startsWith("Notification:")) {
      const notification = row.entry_lite_json
        ? (JSON.parse(row.entry_lite_json).Notification as Record<string, any> | undefined)
        : undefined;
      const completion = notification?.ty?.Completion;
      if (completion === "CallInvocationId" || row.entry_type === "Notification: CallInvocationId") continue;
      const id = notification?.id?.CompletionId;
      awaited.push((typeof id === "number" ? labels.get(id) : undefined) ?? row.entry_type.replace("Notification: ", ""));
    }
  }
  if (awaited.length > 0) trips.push({ awaited, commands });
  return trips;
}

/** Which invocation: its whole target (`Service/key/handler`), or the latest of a handler whose key starts with `keyPrefix`. */
export type Which = { target: string } | { service: string; handler: string; keyPrefix: string };

/** The journal of one invocation (the latest, when several match), with its key; no rows when there is none. */
export async function journalOf(adminUrl: string, which: Which): Promise<{ key: string; rows: JournalRow[] }> {
  const where =
    "target" in which
      ? `target = '${quote(which.target)}'`
      : `target_service_name = '${quote(which.service)}' AND target_handler_name = '${quote(which.handler)}' AND target_service_key LIKE '${quote(which.keyPrefix)}%'`;
  const [latest] = await sql<{ id: string; key: string }>(
    adminUrl,
    `SELECT id, target_service_key AS key FROM sys_invocation WHERE ${where} ORDER BY created_at DESC LIMIT 1`,
  );
  if (!latest) return { key: "", rows: [] };
  const rows = await sql<JournalRow>(
    adminUrl,
    `SELECT index, entry_type, name, entry_lite_json FROM sys_journal WHERE id = '${quote(latest.id)}' ORDER BY index`,
  );
  return { key: latest.key, rows };
}
