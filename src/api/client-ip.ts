import { isIP } from "node:net";

const unmapped = (address: string) => (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/**
 * The client's address. With no trusted proxy it is the socket's peer, and X-Forwarded-For is
 * ignored (anyone can write it). Behind `hops` trusted proxies, each appended the address it saw,
 * so the client is the entry `hops` places from the right of [...X-Forwarded-For, peer]; entries
 * further left were written by the client and mean nothing.
 */
export function clientIp(peer: string | undefined, forwardedFor: string | undefined, hops: number): string {
  const socket = unmapped(peer ?? "unknown");
  if (hops === 0) return socket;
  const chain = [
    ...(forwardedFor ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
    socket,
  ];
  const candidate = unmapped(chain[Math.max(0, chain.length - 1 - hops)]!);
  return isIP(candidate) ? candidate : socket;
}
