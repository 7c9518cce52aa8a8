import type { ObjectContext } from "@restatedev/restate-sdk";
import type { Table } from "../database/projection-table.ts";

/** The entity's projection version: one more for every snapshot sent, kept beside the entity's state. */
export const PROJECTION_VERSION = "projectionVersion";

/** The Projector as a sender sees it: one handler per table, named by the table's description. */
type ProjectorHandlers = Record<string, (input: { version: number; row?: unknown; rows?: unknown[] }) => void>;
const projector = (ctx: ObjectContext) => ctx.serviceSendClient({ name: "Projector" }) as unknown as ProjectorHandlers;

/**
 * Sends this entity's row, with its next version, one way to the Projector. Nothing here waits for
 * PostgreSQL: the send is journaled with the handler and delivered once it completes, and the
 * Projector retries until the row is written. Call it at the end of a handler that changed the entity
 * and before any durable wait, never in between (each send is a journal entry and an invocation).
 */
export async function project<Row>(ctx: ObjectContext, table: Table<Row>, row: Row): Promise<void> {
  const version = await nextVersion(ctx);
  projector(ctx)[table.handler]!({ version, row });
}

/** An entity of many rows (the category tree): all its rows go together, at one version. */
export async function projectAll<Row>(ctx: ObjectContext, table: Table<Row>, rows: Row[]): Promise<void> {
  const version = await nextVersion(ctx);
  projector(ctx)[table.handler]!({ version, rows });
}

async function nextVersion(ctx: ObjectContext): Promise<number> {
  const version = ((await ctx.get<number>(PROJECTION_VERSION)) ?? 0) + 1;
  ctx.set(PROJECTION_VERSION, version);
  return version;
}

/** project, when the row differs from the one the entity had before this handler ran. */
export async function projectIfChanged<Row extends object>(
  ctx: ObjectContext,
  table: Table<Row>,
  before: Row | null,
  after: Row,
): Promise<void> {
  if (before !== null && sameRow(before, after)) return;
  await project(ctx, table, after);
}

const sameRow = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
