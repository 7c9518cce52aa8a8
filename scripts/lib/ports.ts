import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Where free ports are looked for: below the kernel's ephemeral range. A port the kernel hands out
 * for `listen(0)` comes from that range, and so does the source port of every outgoing connection:
 * between asking and binding, a busy test run's next HTTP request can take it. Ports below the range
 * are only ever taken by a listener.
 */
function candidateRange(): [number, number] {
  let low = 32_768;
  let high = 60_999;
  try {
    [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number) as [number, number];
  } catch {
    // Not Linux: the IANA ephemeral range (49152–65535) starts above these defaults anyway.
  }
  return low > 12_000 ? [10_000, low - 1] : [high + 1, 65_535];
}

const [FIRST, LAST] = candidateRange();
/** Ports this process handed out: never twice, even after their owner closed them. */
const handedOut = new Set<number>();

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/** A free loopback port outside the ephemeral range, not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST + 1));
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found between ${FIRST} and ${LAST}`);
}

/** True when something already listens on host:port. */
export function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}
