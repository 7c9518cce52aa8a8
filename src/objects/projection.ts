import type { ObjectContext } from "@restatedev/restate-sdk";
import type { CategoryRow, ProjectionRows } from "../query/rows.ts";
import type { Projector } from "../services/projector.ts";

/** The entity's projection version: one more for every snapshot sent, kept beside the entity's state. */
export const PROJECTION_VERSION = "projectionVersion";

/**
 * Sends this entity's row, with its next version, one way to the Projector. Nothing here waits for
 * PostgreSQL: the send is journaled with the handler and delivered once it completes, and the
 * Projector retries until the row is written. Call it at the end of a handler that changed the entity
 * and before any durable wait, never in between (each send is a journal entry and an invocation).
 */
export async function project<K extends keyof ProjectionRows>(ctx: ObjectContext, kind: K, row: ProjectionRows[K]): Promise<void> {
  const version = await nextVersion(ctx);
  const projector = ctx.serviceSendClient<typeof Projector>({ name: "Projector" }) as unknown as Record<
    K,
    (input: { version: number; row: ProjectionRows[K] }) => void
  >;
  projector[kind]({ version, row });
}

/** The category tree is one entity: all its rows go together, at one version. */
export async function projectCategories(ctx: ObjectContext, rows: CategoryRow[]): Promise<void> {
  const version = await nextVersion(ctx);
  ctx.serviceSendClient<typeof Projector>({ name: "Projector" }).categories({ version, rows });
}

async function nextVersion(ctx: ObjectContext): Promise<number> {
  const version = ((await ctx.get<number>(PROJECTION_VERSION)) ?? 0) + 1;
  ctx.set(PROJECTION_VERSION, version);
  return version;
}

/** project, when the row differs from the one the entity had before this handler ran. */
export async function projectIfChanged<K extends keyof ProjectionRows>(
  ctx: ObjectContext,
  kind: K,
  before: ProjectionRows[K] | null,
  after: ProjectionRows[K],
): Promise<void> {
  if (before !== null && sameRow(before, after)) return;
  await project(ctx, kind, after);
}

const sameRow = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
