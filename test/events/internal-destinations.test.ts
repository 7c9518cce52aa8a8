import { lookup } from "node:dns/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { internalHostReason, isInternalAddress } from "../../src/events/destination.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest } from "../support/shop.ts";

/** Not public unicast, yet missed by a hand-written list: IPv4 in IPv6 forms, NAT64, 6to4, site-local, benchmarking. */
const NOT_PUBLIC = ["::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:a00:1::1", "fec0::1", "198.18.0.1", "198.19.255.254"];
const literal = (address: string) => (address.includes(":") ? `[${address}]` : address);

describe("which addresses count as internal", () => {
  it("covers loopback, private, link-local, CGNAT and their IPv6 and v4-mapped forms, and nothing public", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::FFFF:10.0.0.1",
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    // Every other special-purpose range, and IPv6 forms that embed an IPv4 address.
    for (const address of [
      ...NOT_PUBLIC,
      "::ffff:7f00:1",
      "64:ff9b:1::a00:1",
      "2001:db8::1",
      "255.255.255.255",
      "192.0.2.1",
      "224.0.0.1",
      "ff02::1",
      "::a00:1",
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:1.1.1.1", "erp.example.com"]) {
      expect(isInternalAddress(address), address).toBe(false);
    }
    expect(internalHostReason("http://localhost:8080/x")).toMatch(/this machine/);
    expect(internalHostReason("http://LOCALHOST./x")).toMatch(/this machine/);
    expect(internalHostReason("http://api.localhost/x")).toMatch(/this machine/);
    expect(internalHostReason("http://[::1]:9070/deployments")).toMatch(/loopback, private or link-local/);
    expect(internalHostReason("https://erp.example.com/hooks")).toBeUndefined();
  });
});

/** On a stack whose endpoint keeps the production default: internal destinations refused. */
describe("outbound webhooks with EVENTS_ALLOW_PRIVATE_URLS unset", () => {
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let hits = 0;
  const receiver = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200).end();
  });
  const call = (path: string, body?: unknown) => post(path, body, { url: stack.restate.ingressUrl });

  beforeAll(async () => {
    stack = await ownStack({ endpointEnv: { EVENTS_ALLOW_PRIVATE_URLS: "false" } });
    await new Promise<void>((resolve) => receiver.listen(0, "0.0.0.0", resolve));
  }, 120_000);

  afterAll(async () => {
    receiver.close();
    await stack?.dispose();
  });

  it("refuses an internal address given as such at subscription: 400 naming the variable, nothing stored", async () => {
    const literals = NOT_PUBLIC.map((address) => `http://${literal(address)}:9070/deployments`);
    for (const url of [
      "http://127.0.0.1:9070/deployments",
      "http://localhost:5432/",
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:10.0.0.1]/hooks",
      ...literals,
    ]) {
      const answer = await call("/WebhookSubscriptions/shop/create", { url, events: ["OrderPlaced"] });
      expect(answer.status, url).toBe(400);
      expect(answer.body.message, url).toContain("EVENTS_ALLOW_PRIVATE_URLS");
    }
    expect((await call("/WebhookSubscriptions/shop/list")).body).toEqual([]);
  });

  it("refuses, where it connects, a name that resolves to an internal address: nothing is sent, and the subscription is disabled", async () => {
    // This machine's own name: on Debian it resolves through /etc/hosts to a loopback or private address.
    const name = hostname();
    const resolved = await lookup(name, { all: true });
    expect(
      resolved.every((a) => isInternalAddress(a.address)),
      `${name} resolves to ${JSON.stringify(resolved)}`,
    ).toBe(true);
    const url = `http://${name}:${(receiver.address() as AddressInfo).port}/hooks`;
    const created = await call("/WebhookSubscriptions/shop/create", { url, events: ["OrderPlaced"] });
    expect(created.status).toBe(200);

    const sku = uniqueId("SSRF");
    expect((await call(`/InventoryItem/${sku}/upsert`, { name: "Mug", price: 1200 })).status).toBe(200);
    expect((await call(`/InventoryItem/${sku}/restock`, { quantity: 2 })).status).toBe(200);
    expect((await call(`/OrderOrchestrator/${uniqueId("ssrf-order")}/processOrder`, orderRequest([[sku, 1]]))).status).toBe(200);

    const disabled = await eventually(
      async () =>
        ((await call("/WebhookSubscriptions/shop/list")).body as Array<{ id: string; disabled?: { reason: string } }>).find(
          (s) => s.id === created.body.id,
        ),
      (s) => s?.disabled !== undefined,
      20_000,
    );
    expect(disabled!.disabled!.reason).toContain("internal address");
    expect(hits).toBe(0);
  });
});
