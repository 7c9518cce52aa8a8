import { inject } from "vitest";
import { fileLedger, type LedgerEntry } from "../../mocks/ledger.ts";

/** Everything the mock providers did for one order (authorizations, captures, labels, emails…). */
export function ledgerOf(orderId: string, file = inject("ledgerFile")): LedgerEntry[] {
  return fileLedger(file).find({ orderId });
}

export function countOps(entries: LedgerEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) {
    const name = e.op === "send" ? `email:${String(e.kind)}` : e.op === "authorize" ? `authorize:${String(e.outcome)}` : e.op;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** The mock mailbox of one address: every email the mock provider sent there, oldest first. */
export function emailsTo(address: string, file = inject("ledgerFile")): LedgerEntry[] {
  return fileLedger(file)
    .find({ provider: "email", op: "send" })
    .filter((e) => e.to === address);
}
