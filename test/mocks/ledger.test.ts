import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { eventually } from "../support/restate.ts";

const dir = mkdtempSync(path.join(tmpdir(), "commerce-ledger-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Another process doing check-then-append on a shared ledger file, as a mock provider does:
 * append `who` under `key` unless an entry for the key exists. With `holdUntil`, it stops inside
 * its transaction (after the check, before the append) until that file appears.
 */
function contender(file: string, who: string, key: string, hold?: { marker: string; until: string }) {
  const script = `
    import { existsSync, writeFileSync } from "node:fs";
    import { fileLedger } from ${JSON.stringify(path.join(projectRoot, "mocks/ledger.ts"))};
    const hold = ${JSON.stringify(hold ?? null)};
    try {
      const outcome = fileLedger(${JSON.stringify(file)}).transact((tx) => {
        if (tx.find({ op: "capture", key: ${JSON.stringify(key)} }).length > 0) return "saw an earlier entry";
        if (hold) {
          writeFileSync(hold.marker, "");
          while (!existsSync(hold.until)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
        tx.append({ provider: "payments", op: "capture", key: ${JSON.stringify(key)}, at: new Date().toISOString(), who: ${JSON.stringify(who)} });
        return "appended";
      });
      console.log(outcome);
    } catch (error) {
      console.log("failed: " + error.message);
    }`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  const exited = new Promise<string>((resolve) => child.once("exit", () => resolve(output.trim())));
  return { child, exited };
}

describe("mock ledger shared by several processes (MOCK_LEDGER_FILE)", () => {
  it("never lets a second writer in while a live process holds the transaction, however long it holds it", async () => {
    const file = path.join(dir, "held.sqlite");
    const holding = path.join(dir, "holding");
    const release = path.join(dir, "release");
    const slow = contender(file, "slow", "pi_1:capture", { marker: holding, until: release });
    await eventually(async () => existsSync(holding), Boolean);

    // The second writer must wait for the first or give up; it must never see "no entry yet" and append too.
    const eager = await contender(file, "eager", "pi_1:capture").exited;
    writeFileSync(release, "");
    expect(await slow.exited).toBe("appended");

    expect(eager).toMatch(/^failed: .*(locked|busy)/i);
    expect(
      fileLedger(file)
        .find({ key: "pi_1:capture" })
        .map((e) => e.who),
    ).toEqual(["slow"]);
  });

  it("frees the lock of a process killed inside its transaction, and keeps nothing of its unfinished work", async () => {
    const file = path.join(dir, "killed.sqlite");
    const holding = path.join(dir, "killed-holding");
    const killed = contender(file, "killed", "pi_2:capture", { marker: holding, until: path.join(dir, "never") });
    await eventually(async () => existsSync(holding), Boolean);
    killed.child.kill("SIGKILL");
    await killed.exited;

    expect(await contender(file, "next", "pi_2:capture").exited).toBe("appended");
    expect(
      fileLedger(file)
        .find({ key: "pi_2:capture" })
        .map((e) => e.who),
    ).toEqual(["next"]);
  });

  it("finds entries by order, key and PaymentIntent, in the order they were recorded", () => {
    const ledger = fileLedger(path.join(dir, "lookups.sqlite"));
    const at = new Date().toISOString();
    ledger.transact((tx) => {
      tx.append({ provider: "payments", op: "authorize", key: "o1:authorize", at, orderId: "o1", paymentIntentId: "pi_a" });
      tx.append({ provider: "payments", op: "capture", key: "o1:capture", at, orderId: "o1", paymentIntentId: "pi_a", amount: 5 });
      tx.append({ provider: "email", op: "send", key: "o2:order_confirmation", at, orderId: "o2" });
    });
    expect(ledger.find({ orderId: "o1" }).map((e) => e.op)).toEqual(["authorize", "capture"]);
    expect(ledger.find({ provider: "payments", op: "capture", paymentIntentId: "pi_a" }).map((e) => e.amount)).toEqual([5]);
    expect(ledger.find({ op: "send", key: "o2:order_confirmation" })).toHaveLength(1);
    expect(ledger.find({ op: "send", key: "o1:order_confirmation" })).toEqual([]);
    expect(ledger.all().map((e) => e.key)).toEqual(["o1:authorize", "o1:capture", "o2:order_confirmation"]);
  });
});
