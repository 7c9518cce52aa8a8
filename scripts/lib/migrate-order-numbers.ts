import { readState, writeState } from "./admin.ts";

/** A year's last number, carried from the old single-key sequence to the new one. */
export interface MigratedYear {
  year: string;
  last: number;
}

/** Each year's `last` of one service, by its key. */
const lastNumbers = async (adminUrl: string, service: string) =>
  new Map(
    [...(await readState(adminUrl, service))].flatMap(([year, state]) => {
      const last = state.get("last");
      return last ? [[year, Number(JSON.parse(last.text))] as const] : [];
    }),
  );

/**
 * Order numbers used to be counted on one key per year, `OrderNumbers/{year}`; now the year's
 * sequence is `OrderNumberSequence/{year}` and `OrderNumbers` keeps only number → order. Each year's
 * last number moves over (the larger of the two wins, so a number is never handed out twice), and
 * the old year key is emptied. Safe to run again: nothing is left to move.
 */
export async function migrateOrderNumbers(adminUrl: string): Promise<MigratedYear[]> {
  const legacy = await lastNumbers(adminUrl, "OrderNumbers");
  const current = await lastNumbers(adminUrl, "OrderNumberSequence");
  const moved: MigratedYear[] = [];
  for (const [year, last] of legacy) {
    const kept = Math.max(last, current.get(year) ?? 0);
    await writeState(adminUrl, "OrderNumberSequence", year, { last: kept });
    await writeState(adminUrl, "OrderNumbers", year, {});
    moved.push({ year, last: kept });
  }
  return moved;
}
