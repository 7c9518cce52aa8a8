import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CALIBRATION_WAITS } from "../../scripts/lib/bench/calibration.ts";
import { parseStat } from "../../scripts/lib/bench/cpu.ts";
import { type JournalRow, roundTrips } from "../../scripts/lib/bench/journal.ts";
import { type BatchIds, type Invocation, keyKind, keyRows } from "../../scripts/lib/bench/keys.ts";
import { topSelfTime } from "../../scripts/lib/bench/profile.ts";
import { orderLineOf, paidOrder } from "../../scripts/lib/bench/shop.ts";

/**
 * Journal rows as restate-server 1.7.12's sys_journal lists them (journal v2: `entry_type` and
 * `entry_lite_json`), written with two builders so the entries stay readable.
 */
let index = 0;
const journal = (...rows: Array<Omit<JournalRow, "index">>): JournalRow[] => {
  index = 0;
  return rows.map((row) => ({ index: index++, ...row }));
};
const command = (kind: string, body: Record<string, unknown> = {}) => ({
  entry_type: `Command: ${kind}`,
  name: "",
  entry_lite_json: JSON.stringify({ Command: { [kind]: body } }),
});
const run = (id: number, name?: string) => command("Run", { completion_id: id, ...(name ? { name } : {}) });
const call = (idCompletion: number, result: number, name: string, key: string, handler: string) =>
  command("Call", {
    invocation_id: `inv_${name}${idCompletion}`,
    invocation_target: { VirtualObject: { name, key, handler, handler_ty: "Exclusive", scope: null } },
    invocation_id_completion_id: idCompletion,
    result_completion_id: result,
  });
const send = (idCompletion: number, name: string, handler: string) =>
  command("OneWayCall", {
    invocation_id: `inv_${name}${idCompletion}`,
    invocation_target: { Service: { name, handler, scope: null } },
    invoke_time: 0,
    invocation_id_completion_id: idCompletion,
  });
const notification = (kind: string, id: number) => ({
  entry_type: `Notification: ${kind}`,
  entry_lite_json: JSON.stringify({ Notification: { ty: { Completion: kind }, id: { CompletionId: id }, result: "Success" } }),
});
const state = (kind: "SetState" | "GetEagerState" | "ClearState", key: string) => command(kind, { key });

describe("roundTrips: awaited round trips counted from a journal", () => {
  it("a no-op waits for nothing", () => {
    expect(roundTrips(journal(command("Input"), command("Output", { result: "Success" })))).toEqual([]);
  });

  it("finds the calibration handler's three waits: a clock read, a run and a call awaited together, a run (a send and a state write wait for nothing)", () => {
    const rows = journal(
      command("Input"),
      run(1),
      notification("Run", 1),
      run(2, "a"),
      call(3, 4, "BenchNoop", "cal-1-call", "noop"),
      notification("CallInvocationId", 3),
      notification("Run", 2),
      notification("Call", 4),
      send(5, "BenchNoop", "noop"),
      notification("CallInvocationId", 5),
      state("SetState", "at"),
      run(6, "b"),
      notification("Run", 6),
      command("Output", { result: "Success" }),
    );
    const trips = roundTrips(rows);
    expect(trips.map((t) => t.awaited)).toEqual(CALIBRATION_WAITS);
    expect(trips.map((t) => t.commands)).toEqual([2, 2, 3]);
  });

  it("reads a guest's 1-line processOrder as restate-server journaled it: nine waits, the order's key written {key}", () => {
    const rows = journal(
      command("Input"),
      state("GetEagerState", "order"),
      run(2),
      notification("Run", 2),
      state("SetState", "interrupt"),
      call(3, 4, "InventoryItem", "sku-1", "reserve"),
      notification("CallInvocationId", 3),
      notification("Call", 4),
      state("SetState", "order"),
      run(5, "quote"),
      notification("Run", 5),
      state("SetState", "order"),
      state("SetState", "order"),
      run(6),
      notification("Run", 6),
      call(7, 8, "RiskVelocity", "email:b@example.com", "countOrder"),
      notification("CallInvocationId", 7),
      notification("Call", 8),
      run(9, "authorize"),
      notification("Run", 9),
      send(10, "OrderLookup", "link"),
      notification("CallInvocationId", 10),
      state("SetState", "order"),
      state("SetState", "order"),
      call(11, 12, "InventoryItem", "sku-1", "commit"),
      notification("CallInvocationId", 11),
      run(13, "label"),
      notification("Run", 13),
      notification("Call", 12),
      state("SetState", "order"),
      send(14, "OrderLookup", "link"),
      notification("CallInvocationId", 14),
      run(15, "capture"),
      notification("Run", 15),
      state("SetState", "order"),
      state("ClearState", "interrupt"),
      send(16, "EventOutbox", "publish"),
      notification("CallInvocationId", 16),
      run(17, "email:o-1:order_confirmation"),
      notification("Run", 17),
      state("SetState", "order"),
      state("GetEagerState", "order"),
      state("GetEagerState", "projectionVersion"),
      state("SetState", "projectionVersion"),
      send(20, "Projector", "order"),
      notification("CallInvocationId", 20),
      command("Output", { result: "Success" }),
    );
    expect(roundTrips(rows, "o-1").map((t) => t.awaited.join(" ‖ "))).toEqual([
      "clock",
      "InventoryItem.reserve",
      "quote",
      "clock",
      "RiskVelocity.countOrder",
      "authorize",
      "label ‖ InventoryItem.commit",
      "capture",
      "email:{key}:order_confirmation",
    ]);
  });

  it("counts a wait the journal ends on (a suspended invocation) and takes rows in index order", () => {
    const rows = journal(command("Input"), call(1, 2, "InventoryItem", "sku-1", "reserve"), notification("CallInvocationId", 1));
    expect(roundTrips(rows)).toEqual([]);
    const waiting = [...rows, { index: 3, ...notification("Call", 2) }].reverse();
    expect(roundTrips(waiting)).toEqual([{ awaited: ["InventoryItem.reserve"], commands: 2 }]);
  });
});

describe("the key table", () => {
  const ids: BatchIds = {
    orders: 2,
    orderIds: ["cus_a-1.1-aaa", "cus_b-1.1-bbb"],
    cartIds: ["cus_a-1", "cus_b-1"],
    customers: ["cus_a", "a@example.com", "cus_b", "b@example.com"],
    skus: ["sku-1", "sku-2"],
  };

  it("says whose each key is, an order's before its cart's before its customer's", () => {
    expect(keyKind("virtual_object", ["2026", "2026"], ids)).toBe("one key for all orders");
    expect(keyKind("virtual_object", ["cus_a-1.1-aaa", "cus_b-1.1-bbb"], ids)).toBe("per order");
    expect(keyKind("virtual_object", ["cus_a-1", "cus_b-1"], ids)).toBe("per cart");
    expect(keyKind("virtual_object", ["customer:cus_a", "email:b@example.com"], ids)).toBe("per customer");
    expect(keyKind("virtual_object", ["sku-1", "sku-2"], ids)).toBe("per SKU");
    expect(keyKind("service", ["", ""], ids)).toBe("none (a service)");
    expect(keyKind("virtual_object", ["ORD-2026-000001", "ORD-2026-000002"], ids)).toMatch(/^per order/);
  });

  it("puts on the path what the API waits for: its own calls, the saga, and calls made from them, not what a send set off", () => {
    const inv = (id: string, service: string, handler: string, key: string, by: string, parent?: string): Invocation => ({
      id,
      service,
      handler,
      key,
      ty: "virtual_object",
      invoked_by: by,
      invoked_by_id: parent ?? null,
    });
    const invocations = [
      inv("c1", "Cart", "checkout", "cus_a-1", "ingress"),
      inv("c2", "Cart", "checkout", "cus_b-1", "ingress"),
      inv("n1", "OrderNumbers", "allocate", "2026", "service", "c1"),
      inv("n2", "OrderNumbers", "allocate", "2026", "service", "c2"),
      inv("e1", "EventOutbox", "publish", "cus_a-1.1-aaa", "service", "c1"),
      inv("e2", "EventOutbox", "publish", "cus_b-1.1-bbb", "service", "c2"),
      inv("w1", "WebhookSubscriptions", "list", "shop", "service", "e1"),
      inv("w2", "WebhookSubscriptions", "list", "shop", "service", "e2"),
      // The saga, sent one way by the cart and attached to by the API, is on the path, and so is what it calls.
      inv("p1", "OrderOrchestrator", "processOrder", "cus_a-1.1-aaa", "service", "c1"),
      inv("p2", "OrderOrchestrator", "processOrder", "cus_b-1.1-bbb", "service", "c2"),
      inv("r1", "InventoryItem", "reserve", "sku-1", "service", "p1"),
      inv("r2", "InventoryItem", "reserve", "sku-2", "service", "p2"),
    ];
    const how = new Map([
      ["n1", "call"],
      ["n2", "call"],
      ["e1", "send"],
      ["e2", "send"],
      ["w1", "call"],
      ["w2", "call"],
      ["p1", "send"],
      ["p2", "send"],
      ["r1", "call"],
      ["r2", "call"],
    ]);
    const types = new Map([
      ["OrderNumbers/allocate", "exclusive"],
      ["WebhookSubscriptions/list", "shared"],
    ]);
    const rows = Object.fromEntries(keyRows(invocations, how, types, ids).map((r) => [r.target, r]));
    expect(rows["OrderNumbers/allocate"]).toMatchObject({
      key: "one key for all orders",
      onPath: true,
      sharedByAll: "on the path",
      perOrder: 1,
    });
    expect(rows["WebhookSubscriptions/list"]).toMatchObject({ onPath: false, sharedByAll: "off the path" });
    expect(rows["EventOutbox/publish"]).toMatchObject({ key: "per order", onPath: false, invokedBy: "send" });
    expect(rows["Cart/checkout"]).toMatchObject({ key: "per cart", onPath: true, invokedBy: "the API" });
    expect(rows["OrderOrchestrator/processOrder"]).toMatchObject({ key: "per order", onPath: true, invokedBy: "send" });
    expect(rows["InventoryItem/reserve"]).toMatchObject({ key: "per SKU", onPath: true });
  });
});

describe("CPU figures", () => {
  it("reads utime, stime and the reaped children's times from /proc/<pid>/stat, whatever the command's name holds", () => {
    const stat = "4242 (node (bench) x) S 17 4242 17 0 -1 4194560 100 0 0 0 250 50 30 20 20 0 11 0 123 456 789";
    expect(parseStat(stat)).toEqual({ ppid: 17, ticks: 250 + 50 + 30 + 20 });
  });

  it("sums a CPU profile's self time per function within a window, the idle loop left out", () => {
    const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(idle)") },
        { id: 2, callFrame: frame("price", "file:///repo/src/pricing/domain/pricing.ts", 9) },
        { id: 3, callFrame: frame("parse", "file:///repo/node_modules/@restatedev/restate-sdk/dist/x.js", 0) },
      ],
      startTime: 1_000,
      samples: [2, 1, 3, 2, 3],
      timeDeltas: [100, 100, 300, 200, 400],
    };
    const all = topSelfTime(profile, "/repo");
    expect(all.totalMs).toBeCloseTo(1.0);
    expect(all.functions[0]).toMatchObject({ function: "parse", at: "node_modules/@restatedev/restate-sdk/dist/x.js:1", ms: 0.7 });
    expect(all.groups.map((g) => g.group)).toEqual(["@restatedev/restate-sdk", "src/pricing"]);
    // Samples at 1100, 1200 (idle), 1500, 1700, 2100: the window keeps the middle two.
    const window = topSelfTime(profile, "/repo", { fromUs: 1_300, toUs: 2_000 });
    expect(window.functions.map((fn) => [fn.function, fn.ms])).toEqual([
      ["parse", 0.3],
      ["price", 0.2],
    ]);
  });
});

describe("paidOrder: when a checkout's order counts as paid", () => {
  const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

  it("takes today's answer (the finished order) as it is", async () => {
    expect(await paidOrder("http://127.0.0.1:9", "key", answer({ orderId: "o", status: "processing", paymentStatus: "captured" }))).toBe(
      "paid",
    );
    expect(await paidOrder("http://127.0.0.1:9", "key", answer({ orderId: "o", status: "review", paymentStatus: "authorized" }))).toBe(
      "review/authorized",
    );
    expect(await paidOrder("http://127.0.0.1:9", "key", answer({ message: "out of stock" }, 409))).toBe("HTTP 409");
  });

  it("follows an answer given at once ({orderId, orderNumber, invocationId}) by attaching to that invocation", async () => {
    const seen: Array<string | undefined> = [];
    const ingress = createServer((req, res) => {
      seen.push(req.url);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          req.url?.includes("inv_paid")
            ? { status: "processing", paymentStatus: "captured" }
            : { status: "failed", paymentStatus: "failed" },
        ),
      );
    });
    await new Promise<void>((resolve) => ingress.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
    try {
      const key = Buffer.alloc(48, 7).toString("base64");
      expect(await paidOrder(url, key, answer({ orderId: "o1", orderNumber: "ORD-2026-000001", invocationId: "inv_paid" }))).toBe("paid");
      expect(await paidOrder(url, key, answer({ orderId: "o2", orderNumber: "ORD-2026-000002", invocationId: "inv_declined" }))).toBe(
        "failed/failed",
      );
      expect(seen).toEqual(["/restate/invocation/inv_paid/attach", "/restate/invocation/inv_declined/attach"]);
    } finally {
      ingress.close();
    }
  });
});

describe("orderLineOf: the name processOrder takes a line's SKU under", () => {
  it("keeps productId where it is taken, and turns to sku where productId is refused with 400 and sku is not", async () => {
    const today = await orderLineOf(async () => "200", "sku-1");
    expect(today("sku-1", 2)).toEqual({ productId: "sku-1", quantity: 2 });
    const renamed = await orderLineOf(async (line) => ("productId" in line ? "400" : "200"), "sku-1");
    expect(renamed("sku-1")).toEqual({ sku: "sku-1", quantity: 1 });
    const broken = await orderLineOf(async () => "400", "sku-1");
    expect(broken("sku-1")).toEqual({ productId: "sku-1", quantity: 1 });
  });
});
