import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type pg from "pg";
import { z } from "zod";
import { CategoryRow, replaceCategories } from "../catalog/category-row.ts";
import type { Database } from "../platform/database/database.ts";
import { type Table, upsertVersioned, versioned } from "../platform/database/projection-table.ts";
import { UNTIL_THE_DATABASE_IS_BACK, writeStep } from "../platform/database/write-step.ts";
import { endpointMetrics } from "../platform/metrics/endpoint-metrics.ts";
import type { Runtime } from "../providers/runtime.ts";
import { PROJECTION_TABLES } from "./projection-tables.ts";

/**
 * The write, counted per attempt inside the step (a replay counts nothing); `changedAt`, when the row
 * tells when its entity last changed, measures the projection's lag.
 */
async function write(
  ctx: Context,
  database: Database,
  name: string,
  projection: string,
  /** false when the row held a newer version already. */
  upsert: (pool: pg.Pool) => Promise<boolean>,
  changedAt?: number,
): Promise<void> {
  await writeStep(ctx, database, name, async (pool) => {
    try {
      const written = await upsert(pool);
      endpointMetrics.projectionWrite(projection, written === false ? "stale" : "written", changedAt);
    } catch (error) {
      endpointMetrics.projectionWrite(projection, "failed");
      throw error;
    }
  });
}

/** When the row's entity last changed, where the row says (orders: their last recorded event). */
const changedAt = (row: unknown): number | undefined => {
  const at = (row as { updatedAt?: unknown }).updatedAt;
  return typeof at === "number" ? at : undefined;
};

function projection<Row>(database: Database, table: Table<Row>) {
  return restate.handlers.handler(
    { input: restate.serde.schema(versioned(table.schema)), output: restate.serde.empty, ingressPrivate: true },
    async (ctx: Context, { version, row }: { version: number; row: Row }) =>
      write(ctx, database, `upsert ${table.name}`, table.name, (pool) => upsertVersioned(pool, table, version, row), changedAt(row)),
  );
}

const CategoriesInput = z.object({ version: z.number().int().min(1), rows: z.array(CategoryRow) });

/**
 * One handler per projection: the upsert runs inside ctx.run, so while PostgreSQL is down or slow the
 * invocation is retried by Restate until it is back — the business handler that sent the snapshot
 * (one-way) has long finished. The version guard makes every retry, replay or late arrival harmless.
 */
export const projectorService = (rt: Runtime) =>
  restate.service({
    name: "Projector",
    description: "Writes projections of Restate state into PostgreSQL (internal: only this service's handlers send to it).",
    handlers: {
      order: projection(rt.database, PROJECTION_TABLES.order),
      product: projection(rt.database, PROJECTION_TABLES.product),
      stock: projection(rt.database, PROJECTION_TABLES.stock),
      customer: projection(rt.database, PROJECTION_TABLES.customer),
      coupon: projection(rt.database, PROJECTION_TABLES.coupon),
      rating: projection(rt.database, PROJECTION_TABLES.rating),
      categories: restate.handlers.handler(
        { input: restate.serde.schema(CategoriesInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: Context, { version, rows }: z.infer<typeof CategoriesInput>) =>
          write(ctx, rt.database, "replace categories", "categories", (pool) => replaceCategories(pool, version, rows)),
      ),
    },
    options: {
      ingressPrivate: true,
      // However long PostgreSQL is away, a projection waits for it.
      retryPolicy: UNTIL_THE_DATABASE_IS_BACK,
    },
  });

/** The typed handle other handlers call Projector by (its name); the endpoint binds {@link projectorService} with its runtime. */
export type Projector = ReturnType<typeof projectorService>;
export const Projector: Projector = { name: "Projector" };
