import { sql } from "./restate.ts";

/** One journal entry as the admin SQL API shows it (journal v2: commands, and notifications of their results). */
export interface JournalEntry {
  index: number;
  entry_type: string;
  name: string | null;
}

/** The journal of an invocation, by its target (`Service/key/handler`), in order. */
export async function journalOf(target: string): Promise<JournalEntry[]> {
  return sql<JournalEntry>(
    `SELECT j.index, j.entry_type, j.name FROM sys_journal j JOIN sys_invocation i ON j.id = i.id
       WHERE i.target = '${target.replace(/'/g, "''")}' ORDER BY j.index`,
  );
}

/**
 * How many times the handler waited on the server: each block of consecutive result notifications
 * (a run's, a call's, a timer's, an awakeable's…) is one round trip, however many steps it awaited
 * side by side. The id of an invocation a call or send started is not a result the handler waits for.
 */
export function awaitedRoundTrips(journal: readonly JournalEntry[]): number {
  let trips = 0;
  let inBlock = false;
  for (const entry of journal) {
    const awaited = entry.entry_type.startsWith("Notification:") && entry.entry_type !== "Notification: CallInvocationId";
    if (awaited && !inBlock) trips++;
    inBlock = awaited;
  }
  return trips;
}
