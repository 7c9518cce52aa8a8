import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Where outbound webhooks may not go unless EVENTS_ALLOW_PRIVATE_URLS says so: loopback, private,
 * link-local (cloud metadata services live there), carrier-grade NAT, unspecified and multicast
 * addresses. An admin's subscription must not make the shop's endpoints call the Restate admin API,
 * PostgreSQL or a metadata service next to them.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP address (v4, v6, or v4 mapped into v6) is one of the internal ones above. */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return false;
  return internal.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Why a URL's host is refused before any lookup (an internal IP literal, or localhost), or undefined. */
export function internalHostReason(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return `url must not point at this machine (${host})`;
  if (isInternalAddress(host)) return `url must not point at a loopback, private or link-local address (${host})`;
  return undefined;
}

/** The message a connection refused by {@link guardedLookup} fails with. */
export const REFUSED_DESTINATION = "refused: the subscriber's host resolves to an internal address";

/**
 * A DNS lookup for the connection itself that refuses internal addresses: checked where the socket
 * connects, so a name that resolves elsewhere when asked again (DNS rebinding) gains nothing.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const allowed = addresses.filter((a) => !isInternalAddress(a.address));
    if (allowed.length === 0) return callback(Object.assign(new Error(REFUSED_DESTINATION), { code: "EREFUSED_DESTINATION" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};
