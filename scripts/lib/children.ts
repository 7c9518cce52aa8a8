import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

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

/** A process's parent and whether it is gone (or a zombie), as Linux's /proc says; undefined elsewhere. */
function procStat(pid: number): { ppid: number; gone: boolean } | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read from the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(ppid), gone: state === "Z" || state === "X" };
  } catch {
    return existsSync("/proc/self/stat") ? { ppid: 0, gone: true } : undefined;
  }
}

/**
 * Calls `gone` once when this process's parent or grandparent ends, however it ends (kill -9
 * included). `npm start` runs the launcher as npm → sh → node: a killed npm or sh leaves the
 * launcher orphaned, holding its ports, unless it notices. Linux only; elsewhere it watches nothing.
 */
export function followAncestors(gone: () => void): void {
  const parent = process.ppid;
  const grandparent = procStat(parent)?.ppid;
  const watched = [parent, grandparent].filter((pid): pid is number => pid !== undefined && pid > 1);
  const timer = setInterval(() => {
    if (process.ppid !== parent || watched.some((pid) => procStat(pid)?.gone)) {
      clearInterval(timer);
      gone();
    }
  }, 1_000);
  timer.unref();
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
