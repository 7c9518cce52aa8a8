/**
 * The saga's undo list. A compensation is added *before* the action it undoes — the action may have
 * happened even if its call failed or timed out — and on a terminal failure they run newest first,
 * each idempotent, each a journaled step of its own.
 */
export class Compensations {
  private readonly stack: Array<{ name: string; undo: () => Promise<void> }> = [];

  add(name: string, undo: () => Promise<void>): void {
    this.stack.push({ name, undo });
  }

  /** An action known to have done nothing (a declined card) needs no undoing. */
  drop(name: string): void {
    const at = this.stack.findLastIndex((c) => c.name === name);
    if (at >= 0) this.stack.splice(at, 1);
  }

  /** Runs every compensation, newest first; answers their names in that order. */
  async unwind(): Promise<string[]> {
    const names: string[] = [];
    for (const compensation of [...this.stack].reverse()) {
      await compensation.undo();
      names.push(compensation.name);
    }
    return names;
  }
}
