import type { ChildProcess } from "node:child_process";

const children = new Set<ChildProcess>();
let hooked = false;

/**
 * Servers and endpoints started by a test, the chaos driver or the bench die with the process that
 * started them, even when it exits before its own cleanup ran (a timed-out test, an uncaught error).
 */
export function dieWithParent(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const c of children) c.kill("SIGKILL");
  });
}
