import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

/** One thing a mock provider did. `key` is the idempotency key (or rate id, or dedup key). */
export interface LedgerEntry {
  provider: "payments" | "shipping" | "email" | "sms";
  op: string;
  key: string;
  at: string;
  [field: string]: unknown;
}

/** What a look-up can match on; every field is an indexed column. */
export interface LedgerQuery {
  provider?: LedgerEntry["provider"];
  op?: string;
  key?: string;
  orderId?: string;
  paymentIntentId?: string;
}

export interface LedgerReader {
  /** Entries matching every field of the query, in the order they were recorded. */
  find(query: LedgerQuery): LedgerEntry[];
}

export interface LedgerWriter extends LedgerReader {
  append(entry: LedgerEntry): void;
}

/**
 * What the mock providers have done, so tests and the chaos suite can assert "exactly once".
 * A SQLite database: in memory by default; with a file it is shared by every process that opens
 * the same file (several endpoint processes, the test runner reading it), and survives a SIGKILL.
 */
export interface Ledger extends LedgerReader {
  /** Every entry, oldest first: the view of checks at rest. */
  all(): LedgerEntry[];
  /**
   * Runs check-then-append as one write transaction, atomic across every process sharing the file.
   * What `fn` appended is kept even when it throws afterwards: a decline is recorded, then answered.
   */
  transact<T>(fn: (tx: LedgerWriter) => T): T;
}

const COLUMNS: Record<keyof LedgerQuery, string> = {
  provider: "provider",
  op: "op",
  key: "key",
  orderId: "order_id",
  paymentIntentId: "payment_intent_id",
};

/**
 * How long a transaction waits for another process's write lock. Transactions take microseconds;
 * a holder stopped for longer makes the call fail (a transient error the caller's retry absorbs)
 * rather than letting two writers in at once. A killed holder's lock dies with its process.
 */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Switches a file ledger to WAL. Processes opening a new file at once (endpoints started together)
 * race for that switch, and SQLite answers the loser "database is locked" at once, without waiting
 * for the busy timeout: so the switch is tried again, briefly, as a busy wait would have.
 */
function useWal(db: DatabaseSync): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      return;
    } catch (error) {
      if (!/database is locked/i.test(error instanceof Error ? error.message : "") || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function openLedger(location: string): Ledger {
  const db = new DatabaseSync(location, { timeout: BUSY_TIMEOUT_MS });
  if (location !== ":memory:") useWal(db);
  db.exec(`
    CREATE TABLE IF NOT EXISTS entries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      provider TEXT NOT NULL,
      op TEXT NOT NULL,
      key TEXT NOT NULL,
      order_id TEXT,
      payment_intent_id TEXT,
      entry TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS entries_by_key ON entries (op, key);
    CREATE INDEX IF NOT EXISTS entries_by_order ON entries (order_id);
    CREATE INDEX IF NOT EXISTS entries_by_intent ON entries (payment_intent_id, op);
  `);
  const insert = db.prepare("INSERT INTO entries (provider, op, key, order_id, payment_intent_id, entry) VALUES (?, ?, ?, ?, ?, ?)");
  const selectAll = db.prepare("SELECT entry FROM entries ORDER BY seq");
  const lookups = new Map<string, StatementSync>();

  const rows = (statement: StatementSync, values: string[]) =>
    statement.all(...values).map((row) => JSON.parse(String(row.entry)) as LedgerEntry);

  const find = (query: LedgerQuery): LedgerEntry[] => {
    const fields = (Object.keys(COLUMNS) as Array<keyof LedgerQuery>).filter((f) => query[f] !== undefined);
    const shape = fields.join(",");
    let statement = lookups.get(shape);
    if (!statement) {
      const where = fields.map((f) => `${COLUMNS[f]} = ?`).join(" AND ");
      statement = db.prepare(`SELECT entry FROM entries${where ? ` WHERE ${where}` : ""} ORDER BY seq`);
      lookups.set(shape, statement);
    }
    return rows(
      statement,
      fields.map((f) => query[f]!),
    );
  };

  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const append = (entry: LedgerEntry) => {
    insert.run(entry.provider, entry.op, entry.key, text(entry.orderId), text(entry.paymentIntentId), JSON.stringify(entry));
  };

  return {
    find,
    all: () => rows(selectAll, []),
    transact(fn) {
      // IMMEDIATE takes the write lock before the check, so no other process can append in between.
      db.exec("BEGIN IMMEDIATE");
      try {
        return fn({ find, append });
      } finally {
        db.exec("COMMIT");
      }
    },
  };
}

export function memoryLedger(): Ledger {
  return openLedger(":memory:");
}

const opened = new Map<string, Ledger>();

/** The ledger in a file, opened once per process. */
export function fileLedger(file: string): Ledger {
  const absolute = path.resolve(file);
  let ledger = opened.get(absolute);
  if (!ledger) {
    mkdirSync(path.dirname(absolute), { recursive: true });
    ledger = openLedger(absolute);
    opened.set(absolute, ledger);
  }
  return ledger;
}
