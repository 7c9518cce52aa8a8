import type { MockBehaviour } from "./behaviour.ts";
import type { Ledger } from "./ledger.ts";
import type { MockProviderEvents } from "./provider-events.ts";

/** What every mock provider has: the shared ledger, its weather, and what happens after a call. */
export abstract class MockProvider {
  protected readonly ledger: Ledger;
  protected readonly behaviour: MockBehaviour;
  protected readonly events: MockProviderEvents | undefined;

  constructor(ledger: Ledger, behaviour: MockBehaviour, events?: MockProviderEvents) {
    this.ledger = ledger;
    this.behaviour = behaviour;
    this.events = events;
  }
}
