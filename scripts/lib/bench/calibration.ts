import * as restate from "@restatedev/restate-sdk";
import { BenchNoop } from "./noop-object.ts";

/**
 * A handler whose waits are known, to check the round-trip counter (journal.ts `roundTrips`) on a
 * real journal before it is trusted with an order's: a clock read alone, then a run and a call
 * awaited together, a one-way send and a state write (neither waits), then a run alone. Three
 * round trips: `clock`, `a ‖ BenchNoop.noop`, `b`.
 */
export const BenchCalibration = restate.object({
  name: "BenchCalibration",
  description: "Known waits for the benchmark's round-trip counter; keeps one number.",
  handlers: {
    threeWaits: restate.handlers.object.exclusive({ input: restate.serde.empty }, async (ctx: restate.ObjectContext) => {
      const now = await ctx.date.now();
      await restate.RestatePromise.all([ctx.run("a", () => now), ctx.objectClient(BenchNoop, `${ctx.key}-call`).noop()]);
      ctx.objectSendClient(BenchNoop, `${ctx.key}-send`).noop();
      ctx.set("at", now);
      await ctx.run("b", () => 1);
    }),
  },
});

/** What the counter must find in the calibration's journal. */
export const CALIBRATION_WAITS = [["clock"], ["a", "BenchNoop.noop"], ["b"]];
