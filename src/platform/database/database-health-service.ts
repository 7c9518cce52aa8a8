import * as restate from "@restatedev/restate-sdk";
import { type Context, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import type { Database } from "./database.ts";
import { databaseReason } from "./database-errors.ts";

/**
 * What the HTTP API asks on behalf of load balancers: whether the endpoints reach the database they
 * write the projections to. Probes run every few seconds, so no journal is kept once an invocation
 * completes (journalRetention 0): nothing here is worth looking up a day later, and a day of probes
 * would bury the invocations that are.
 */
export const operationsService = (rt: { readonly database: Database }) =>
  restate.service({
    name: "Operations",
    description: "Readiness of the query side as the endpoints write it.",
    handlers: {
      database: restate.handlers.handler(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(z.object({ database: z.literal("ok") })),
          description:
            "Runs SELECT 1 on this endpoint's pool; 503 saying why (never the server's address) when PostgreSQL does not answer.",
        },
        // Not a ctx.run: the answer is the output and nothing follows it, so a retried attempt simply
        // asks again — which is what a readiness probe means — and nothing is journaled on the way.
        async (_ctx: Context) => {
          try {
            await rt.database.pool().query("SELECT 1");
          } catch (error) {
            throw new TerminalError(databaseReason(error, rt.database.url), { errorCode: 503 });
          }
          return { database: "ok" as const };
        },
      ),
    },
    options: { journalRetention: 0 },
  });

/** The typed handle other handlers call Operations by (its name); the endpoint binds {@link operationsService} with its runtime. */
export type Operations = ReturnType<typeof operationsService>;
export const Operations: Operations = { name: "Operations" };
