/**
 * `npm run demo`: durable execution, seen once. Everything starts in mock mode on free ports with
 * its data in a temporary directory; a customer orders with a card whose bank answers later; the
 * service endpoint is SIGKILLed while the checkout waits half-way, started again, and the order goes
 * on from its journal to delivered. The demo prints the journal and the mock provider's ledger, and
 * checks every claim it makes: it exits 0 only if all held.
 * Then it keeps everything running for a look in the Restate UI and the admin dashboard (Ctrl-C
 * stops it); `--exit` stops at once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_ADMIN, type DemoStack, startDemoStack } from "./lib/demo/stack.ts";
import { type DemoOutcome, tellTheStory } from "./lib/demo/story.ts";

const { values: args } = parseArgs({ options: { exit: { type: "boolean", default: false } } });
const say = (line: string) => console.log(line);
const dir = mkdtempSync(path.join(tmpdir(), "commerce-demo-"));
let stack: DemoStack | undefined;
let stopping = false;

async function finish(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(code);
}

process.on("SIGINT", () => void finish(process.exitCode === undefined ? 130 : Number(process.exitCode)));
process.on("SIGTERM", () => void finish(process.exitCode === undefined ? 143 : Number(process.exitCode)));

say("restate-commerce demo: a checkout that survives kill -9\n");
say(`1. Starting everything in mock mode, on free ports, with its data in ${dir}`);
let outcome: DemoOutcome;
try {
  stack = await startDemoStack(dir, say);
  outcome = await tellTheStory(stack, say);
} catch (error) {
  console.error(`\nThe demo could not finish: ${error instanceof Error ? error.message : String(error)}`);
  if (stack) console.error(`(the endpoint's log was ${path.join(dir, "endpoint.log")})`);
  await finish(1);
}

say("\n8. What the demo claimed, checked:");
for (const c of outcome!.claims) say(`   ${c.held ? "✓" : "✗"} ${c.text}`);
const allHeld = outcome!.claims.every((c) => c.held);
process.exitCode = allHeld ? 0 : 1;
say(allHeld ? "   Every claim held." : "   Some claims did not hold: see ✗ above.");

say(`
See the same order yourself:
   Restate UI, the checkout invocation and its journal:  ${stack!.adminUrl}/ui/invocations/${outcome!.invocationId}
   Admin dashboard, the order:                           ${stack!.apiUrl}/admin#/orders/${outcome!.orderNumber}   (${DEMO_ADMIN.email} / ${DEMO_ADMIN.password})
   Demo storefront, as the customer:                     ${stack!.apiUrl}/shop#/orders/${outcome!.orderNumber}   (${outcome!.customer.email} / ${outcome!.customer.password})
   The journal from a terminal:  RESTATE_ADMIN_URL=${stack!.adminUrl} npx restate invocations describe ${outcome!.invocationId}`);

if (args.exit) await finish(allHeld ? 0 : 1);
say("\nEverything keeps running for a look; Ctrl-C stops it (and removes the demo's data).");
