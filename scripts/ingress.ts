/**
 * `npm run ingress -- <path> [json] [--url URL] [--idempotency-key KEY]`: one call through the Restate
 * ingress, signed with the API's credential the way the HTTP API signs its calls (API_CALLER_KEY, or
 * the key `npm start` keeps in .restate/api-caller-key), for the handlers that demand it.
 *   npm run ingress -- /CatalogAdmin/createCategory '{"name":"Kitchen"}'
 */
import { parseArgs } from "node:util";
import { localCallerKey } from "./lib/dev-secret.ts";
import { callIngress } from "./lib/ingress-call.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: process.env.RESTATE_INGRESS_URL ?? `http://127.0.0.1:${process.env.INGRESS_PORT ?? 8080}` },
    "idempotency-key": { type: "string" },
    help: { type: "boolean", default: false },
  },
});
const [path, json] = positionals;
if (values.help || !path?.startsWith("/") || positionals.length > 2) {
  console.error("usage: npm run ingress -- </Service/key/handler> ['{json body}'] [--url http://127.0.0.1:8080] [--idempotency-key KEY]");
  process.exit(values.help ? 0 : 2);
}
let body: unknown;
try {
  body = json === undefined ? undefined : JSON.parse(json);
} catch (error) {
  console.error(`the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const callerKey = localCallerKey();
if (!callerKey)
  console.error(
    "no API_CALLER_KEY and no .restate/api-caller-key: the call goes unsigned (handlers marked 🔑 in docs/ingress.md will answer 401)",
  );

try {
  const answer = await callIngress(values.url.replace(/\/$/, ""), path, body, {
    retryForMs: 5_000,
    ...(callerKey ? { callerKey } : {}),
    ...(values["idempotency-key"] ? { idempotencyKey: values["idempotency-key"] } : {}),
  });
  console.log(`HTTP ${answer.status}`);
  if (answer.body !== undefined) console.log(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body, null, 2));
  process.exit(answer.status < 300 ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
