import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** IANA's global unicast block: every other IPv6 address is special-purpose, reserved or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3") as [ipaddr.IPv6, number];

/**
 * Where outbound webhooks may not go unless EVENTS_ALLOW_PRIVATE_URLS says so: anything but a public
 * unicast address. ipaddr.js keeps the special-purpose registries (loopback, private, link-local,
 * carrier-grade NAT, benchmarking 198.18.0.0/15, documentation, multicast, broadcast, reserved) for
 * both families; IPv6 must also lie in 2000::/3 and be none of its special blocks — so addresses that
 * embed an IPv4 address (v4-mapped and v4-compatible `::127.0.0.1`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`, Teredo) and site-local `fec0::/10` are refused too. An admin's subscription must not
 * make the shop's endpoints call the Restate admin API, PostgreSQL or a metadata service next to them.
 */
export function isInternalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // v4-mapped IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it maps.
  const parsed = ipaddr.process(address);
  if (parsed.range() !== "unicast") return true;
  return parsed.kind() === "ipv6" && !parsed.match(GLOBAL_UNICAST_V6);
}

/** Why a URL's host is refused before any lookup (an internal IP literal, or localhost), or undefined. */
export function internalHostReason(url: string): string | undefined {
  const host = new URL(url).hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return `url must not point at this machine (${host})`;
  if (isInternalAddress(host))
    return `url must not point at a loopback, private or link-local address, nor any other that is not public unicast (${host})`;
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
