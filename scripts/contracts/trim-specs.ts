import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";

/**
 * Trims the providers' official OpenAPI documents to what the shop's clients call, for the contract
 * tests (test/contracts) and `npm run test:providers`. Keeps the listed operations whole and every
 * component they reference, transitively; drops the rest, the tags, the webhooks and the
 * per-language code samples.
 *
 *   node scripts/contracts/trim-specs.ts --stripe spec3.json --shippo public-api.yaml --sendgrid tsg_mail_v3.json
 *
 * Each source is named with its repository and commit in test/contracts/specs/README.md; a new copy
 * of a source means a new commit there too.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Source {
  repository: string;
  path: string;
  /** The operations the real clients send (src/providers/*), as "METHOD /path". */
  operations: string[];
}

export const SOURCES: Record<"stripe" | "shippo" | "sendgrid", Source> = {
  stripe: {
    repository: "https://github.com/stripe/openapi",
    path: "openapi/spec3.json",
    operations: [
      "POST /v1/payment_intents",
      "GET /v1/payment_intents/{intent}",
      "POST /v1/payment_intents/{intent}/capture",
      "POST /v1/payment_intents/{intent}/cancel",
      "POST /v1/refunds",
    ],
  },
  shippo: {
    repository: "https://github.com/goshippo/shippo-javascript-sdk",
    path: "build/public-api.yaml",
    operations: [
      "POST /shipments",
      "GET /rates/{RateId}",
      "GET /transactions",
      "POST /transactions",
      "GET /transactions/{TransactionId}",
      "POST /refunds",
      "GET /tracks/{Carrier}/{TrackingNumber}",
    ],
  },
  sendgrid: {
    repository: "https://github.com/twilio/sendgrid-oai",
    path: "spec/json/tsg_mail_v3.json",
    operations: ["POST /v3/mail/send"],
  },
};

/** Keys that only illustrate the document for readers (code samples in five languages). */
const DROPPED_KEYS = new Set(["x-code-samples", "x-codeSamples"]);

export function trim(document: JsonObject, operations: readonly string[]): JsonObject {
  const paths = document.paths as Record<string, JsonObject>;
  const keptPaths: Record<string, JsonObject> = {};
  for (const operation of operations) {
    const [method, route] = operation.split(" ") as [string, string];
    const item = paths[route];
    const op = item?.[method.toLowerCase()];
    if (!item || !op) throw new Error(`the source has no operation ${operation}`);
    keptPaths[route] ??= Object.fromEntries(Object.entries(item).filter(([key]) => !HTTP_METHODS.has(key)));
    const kept = keptPaths[route]!;
    kept[method.toLowerCase()] = op;
  }
  const trimmed: JsonObject = { ...document, paths: withoutSamples(keptPaths) as JsonObject };
  // Tags group operations that are gone; webhooks (OpenAPI 3.1) describe what Shippo posts to us,
  // which the clients do not send.
  delete trimmed.tags;
  delete trimmed["x-tagGroups"];
  delete trimmed.webhooks;

  // Components reachable from the kept paths and the document's security; the rest goes.
  const components = (document.components ?? {}) as Record<string, Record<string, Json>>;
  const kept: Record<string, Record<string, Json>> = {};
  const pending: Json[] = [trimmed.paths as Json, (trimmed.security ?? null) as Json];
  for (const requirement of (trimmed.security ?? []) as JsonObject[]) {
    for (const scheme of Object.keys(requirement)) pending.push({ $ref: `#/components/securitySchemes/${scheme}` });
  }
  while (pending.length) {
    for (const ref of refsIn(pending.pop() ?? null)) {
      const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
      if (!match) throw new Error(`unsupported reference ${ref}`);
      const [, section, name] = match as unknown as [string, string, string];
      if (kept[section]?.[name] !== undefined) continue;
      const target = components[section]?.[name];
      if (target === undefined) throw new Error(`dangling reference ${ref}`);
      kept[section] ??= {};
      kept[section]![name] = withoutSamples(target);
      pending.push(target);
    }
  }
  trimmed.components = Object.fromEntries(Object.entries(kept).map(([section, entries]) => [section, sortedKeys(entries)]));
  return trimmed;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function refsIn(node: Json): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== "object") return [];
  const own = typeof node.$ref === "string" ? [node.$ref] : [];
  return [
    ...own,
    ...Object.entries(node)
      .filter(([key]) => key !== "$ref")
      .flatMap(([, value]) => refsIn(value)),
  ];
}

function withoutSamples(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutSamples);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !DROPPED_KEYS.has(key))
      .map(([key, value]) => [key, withoutSamples(value)]),
  );
}

const sortedKeys = (entries: Record<string, Json>) => Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));

function load(file: string): JsonObject {
  const text = readFileSync(file, "utf8");
  return (/\.ya?ml$/.test(file) ? parseYaml(text) : JSON.parse(text)) as JsonObject;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      stripe: { type: "string" },
      shippo: { type: "string" },
      sendgrid: { type: "string" },
      out: { type: "string", default: path.join(import.meta.dirname, "../../test/contracts/specs") },
    },
  });
  let wrote = 0;
  for (const provider of Object.keys(SOURCES) as Array<keyof typeof SOURCES>) {
    const file = values[provider];
    if (!file) continue;
    const target = path.join(values.out, `${provider}.json`);
    writeFileSync(target, `${JSON.stringify(trim(load(file), SOURCES[provider].operations), null, 2)}\n`);
    console.log(`${provider}: ${file} → ${target}`);
    wrote++;
  }
  if (!wrote) {
    console.error("usage: node scripts/contracts/trim-specs.ts [--stripe FILE] [--shippo FILE] [--sendgrid FILE] [--out DIR]");
    process.exitCode = 2;
  }
}
