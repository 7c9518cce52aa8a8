import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";

const children = new Set<ChildProcess>();
let hooked = false;

/** util-linux's setpriv, on every Debian machine: it asks the kernel to kill a child whose parent died. */
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));

/**
 * Starts a server that dies with the process that started it however that process ends, SIGKILL
 * included: the kernel sends it SIGKILL when its parent goes (PR_SET_PDEATHSIG, set by setpriv just
 * before it runs the server). Without setpriv, only a parent that exits on its own takes it along.
 */
export function spawnTied(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = SETPRIV ? spawn(SETPRIV, ["--pdeathsig", "KILL", "--", command, ...args], options) : spawn(command, args, options);
  dieWithParent(child);
  return child;
}

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
