import * as restate from "@restatedev/restate-sdk";

/**
 * Does nothing, through the same ingress, server and endpoint as real handlers: what Restate
 * itself costs per call on this machine, the ceiling `npm run bench` measures orders against.
 */
export const BenchNoop = restate.object({
  name: "BenchNoop",
  description: "A no-op exclusive handler for the benchmark's ceiling; it keeps no state.",
  handlers: {
    noop: restate.handlers.object.exclusive({ input: restate.serde.empty }, async () => {}),
  },
});
