import type { ObjectContext } from "@restatedev/restate-sdk";

/** A one-way call the code under test made, as Restate would deliver it. */
export interface Send {
  object: string;
  key: string;
  handler: string;
  input: unknown;
}

/**
 * Just enough of an ObjectContext for one pass through a step's code: `run` executes its action once
 * and rethrows what it throws (a first execution, no retries and no replay — those are Restate's and
 * are tested against a real restate-server), one-way sends are recorded, the clock reads a fixed time.
 * Anything else the code touches throws, so a test cannot pass on a context it does not understand.
 */
export function fakeObjectContext(now = 1_800_000_000_000) {
  const steps: string[] = [];
  const sends: Send[] = [];
  const known: Record<string, unknown> = {
    run: (name: string, action: () => Promise<unknown>) => {
      steps.push(name);
      return Promise.resolve().then(action);
    },
    objectSendClient: (definition: { name: string }, key: string) =>
      new Proxy(
        {},
        { get: (_, handler) => (input: unknown) => void sends.push({ object: definition.name, key, handler: String(handler), input }) },
      ),
    date: { now: async () => now },
  };
  const ctx = new Proxy(known, {
    get(target, property) {
      if (typeof property === "string" && property in target) return target[property];
      throw new Error(`the fake context has no ${String(property)}`);
    },
  }) as unknown as ObjectContext;
  return { ctx, steps, sends };
}
