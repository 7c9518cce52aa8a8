import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

/** Runs `npm run demo -- --exit` as a learner would (the script npm runs), and answers its exit code and output. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "scripts/demo.ts"), "--exit"], {
      cwd: projectRoot,
      // A learner's shell, not the test run's: the shared stack's variables (short payment timeouts, its ingress) stay out.
      env: {
        ...Object.fromEntries(["PATH", "HOME", "TMPDIR"].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]]))),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGINT"), 170_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("npm run demo", () => {
  it("kills the endpoint in the middle of a checkout, resumes it from its journal, and exits 0 with every claim checked", {
    timeout: 180_000,
  }, async () => {
    const { code, output } = await runDemo();
    expect(code, output).toBe(0);
    const orderNumber = /POST \/orders → 202: (ORD-\d{4}-\d{6}) is pending/.exec(output)?.[1];
    expect(orderNumber, output).toBeDefined();
    const invocationId = /The checkout saga is one Restate invocation, (inv_[0-9A-Za-z]+)/.exec(output)?.[1];
    expect(invocationId, output).toBeDefined();

    // The journal: the authorization above the kill, the capture below it, each once.
    const [before, after] = output.split(/──── pid \d+ was killed here; what follows was appended by pid \d+/);
    expect(after, output).toBeDefined();
    const journalBefore = before!.slice(before!.indexOf(`6. The journal of ${invocationId}`));
    expect(journalBefore.match(/run "authorize"/g)).toHaveLength(1);
    expect(journalBefore).not.toContain('run "capture"');
    expect(after!.slice(0, after!.indexOf("7. The mock payment")).match(/run "capture"/g)).toHaveLength(1);
    // The narration says what the journal it read shows: the steps run before the kill, and where the kill landed.
    const stepsRun = /The steps it has run: ([^;]+);/.exec(output)?.[1]?.split(", ") ?? [];
    expect(stepsRun, output).toContain("authorize");
    expect(stepsRun, output).not.toContain("capture");
    const landed =
      /The kill landed after entry #(\d+) \([^)]+\); (\d+) entries were kept, .* and (\d+) were added after the restart\. The invocation is completed\./.exec(
        output,
      );
    expect(landed, output).not.toBeNull();
    const listed = [...journalBefore.matchAll(/^ {3}#\s*(\d+) /gm)].map((m) => Number(m[1]));
    expect(Number(landed![1])).toBeGreaterThanOrEqual(Math.max(...listed));
    // The ledger: one authorization, one capture.
    const ledger = output.slice(output.indexOf("7. The mock payment provider's ledger"), output.indexOf("8. What the demo claimed"));
    expect(ledger.match(/^ {3}authorize /gm)).toHaveLength(1);
    expect(ledger.match(/^ {3}capture /gm)).toHaveLength(1);

    for (const claim of [
      `✓ While the endpoint was dead, Restate kept the checkout invocation ${invocationId}`,
      "✓ The order resumed from its journal: the same invocation finished it (completed)",
      "✓ The authorization was journaled before the kill and not run again; the capture was made after the restart, once",
      "✓ The mock ledger shows one authorization and one capture",
      `✓ ${orderNumber} was delivered, its payment captured in full`,
    ]) {
      expect(output).toContain(claim);
    }
    expect(output).not.toContain("✗");
    expect(output).toContain("Every claim held.");
    expect(output).toMatch(new RegExp(`http://127\\.0\\.0\\.1:\\d+/ui/invocations/${invocationId}`));
    expect(output).toMatch(new RegExp(`http://127\\.0\\.0\\.1:\\d+/admin#/orders/${orderNumber}`));
  });
});
