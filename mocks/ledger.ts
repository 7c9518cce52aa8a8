import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";

/** One thing a mock provider did. `key` is the idempotency key (or rate id, or dedup key). */
export interface LedgerEntry {
  provider: "payments" | "shipping" | "email";
  op: string;
  key: string;
  at: string;
  [field: string]: unknown;
}

/**
 * What the mock providers have done, so tests and the chaos suite can assert "exactly once".
 * In memory by default; with a file it is shared by every process that points at the same file
 * (several endpoint processes, the test runner reading it), which is what survives a SIGKILL.
 */
export interface Ledger {
  entries(): LedgerEntry[];
  /** Runs check-then-append atomically across processes sharing the file. */
  transact<T>(fn: (entries: LedgerEntry[], append: (entry: LedgerEntry) => void) => T): T;
}

export function memoryLedger(): Ledger {
  const all: LedgerEntry[] = [];
  return {
    entries: () => all,
    transact: (fn) => fn(all, (entry) => all.push(entry)),
  };
}

export function fileLedger(file: string): Ledger {
  mkdirSync(path.dirname(file), { recursive: true });
  const lockDir = `${file}.lock`;
  const cache: LedgerEntry[] = [];
  let offset = 0;
  let partial = "";

  const refresh = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.alloc(size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      offset = size;
      const lines = (partial + buffer.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) cache.push(JSON.parse(line) as LedgerEntry);
    } finally {
      closeSync(fd);
    }
  };

  const withLock = <T>(fn: () => T): T => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        mkdirSync(lockDir);
        break;
      } catch {
        if (Date.now() > deadline) {
          // A process killed while holding the lock leaves it behind; it is stale after 10 s.
          rmdirSync(lockDir);
          continue;
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      }
    }
    try {
      return fn();
    } finally {
      rmdirSync(lockDir);
    }
  };

  return {
    entries: () => {
      refresh();
      return cache;
    },
    transact: (fn) =>
      withLock(() => {
        refresh();
        return fn(cache, (entry) => {
          appendFileSync(file, `${JSON.stringify(entry)}\n`);
        });
      }),
  };
}

/** Reads a ledger file written by another process (tests, chaos checks). */
export function readLedger(file: string): LedgerEntry[] {
  return fileLedger(file).entries();
}
