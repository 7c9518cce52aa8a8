import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { decodeForm } from "./form.ts";

/**
 * Holds a request to its provider's official OpenAPI document (the trimmed copies in specs/): the
 * operation must exist, its path and query parameters and its body must match the schemas, and
 * request objects take no property the document does not name (additionalProperties: false where
 * the document leaves it open). Stripe's form bodies are decoded from bracket notation first and
 * their string values read as the types the document gives them, as Stripe's own parser does.
 */

export type Provider = "stripe" | "shippo" | "sendgrid";

export interface CheckedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ContractChecker {
  provider: Provider;
  /** What breaks the document, one line each; empty when the request conforms. */
  check(request: CheckedRequest): string[];
}

type Schema = Record<string, unknown>;
type Operation = {
  parameters?: Array<Schema>;
  requestBody?: Schema;
};

interface CompiledOperation {
  method: string;
  template: string;
  pattern: RegExp;
  pathNames: string[];
  literalLength: number;
  pathParams?: ValidateFunction;
  query?: ValidateFunction;
  bodyRequired: boolean;
  bodies: Map<string, ValidateFunction>;
}

const SPECS = path.join(import.meta.dirname, "specs");
const checkers = new Map<Provider, ContractChecker>();

/** One checker per provider and process: the documents are compiled once. */
export function contractChecker(provider: Provider): ContractChecker {
  let checker = checkers.get(provider);
  if (!checker) {
    checker = buildChecker(provider, JSON.parse(readFileSync(path.join(SPECS, `${provider}.json`), "utf8")) as Schema);
    checkers.set(provider, checker);
  }
  return checker;
}

export function buildChecker(provider: Provider, document: Schema): ContractChecker {
  const openapi30 = String(document.openapi).startsWith("3.0");
  // JSON bodies are held to their types as sent; form values and URL parameters are strings on the
  // wire, read as the document types them (coerceTypes), as the provider's parser does.
  const strict = validatorFactory(false);
  const coercing = validatorFactory(true);
  const resolve = resolver(document);
  const prepare = (schema: unknown) => closeObjects(normalise(inline(schema, resolve, []), openapi30), false);

  const operations: CompiledOperation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    const shared = (item.parameters ?? []) as Schema[];
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const operation = raw as Operation;
      const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => resolve(p) as Schema);
      const group = (where: string) => {
        const list = parameters.filter((p) => p.in === where);
        if (!list.length && where === "path") return undefined;
        return coercing.compile({
          type: "object",
          properties: Object.fromEntries(list.map((p) => [p.name, prepare(p.schema ?? {})])),
          required: list.filter((p) => p.required).map((p) => p.name),
          additionalProperties: false,
        });
      };
      const requestBody = operation.requestBody ? (resolve(operation.requestBody) as Schema) : undefined;
      const bodies = new Map<string, ValidateFunction>();
      for (const [type, media] of Object.entries((requestBody?.content ?? {}) as Record<string, Schema>)) {
        const factory = type === "application/x-www-form-urlencoded" ? coercing : strict;
        bodies.set(type, factory.compile(prepare(media.schema ?? {})));
      }
      const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map(escapeRegExp)
            .join("([^/]+)")}$`,
        ),
        pathNames,
        literalLength: template.replace(/\{[^}]+\}/g, "").length,
        ...(pathNames.length ? { pathParams: group("path") } : {}),
        query: group("query"),
        bodyRequired: requestBody?.required === true,
        bodies,
      });
    }
  }
  // A literal segment beats a template (/transactions before /{id} would matter if both existed).
  operations.sort((a, b) => b.literalLength - a.literalLength);

  return {
    provider,
    check(request) {
      const problems: string[] = [];
      const candidates = operations.filter((o) => o.pattern.test(request.path));
      const operation = candidates.find((o) => o.method === request.method);
      const label = `${request.method} ${request.path}`;
      if (!operation) {
        return [
          candidates.length
            ? `${label}: the ${provider} document allows only ${candidates.map((o) => o.method).join(", ")} here`
            : `${label}: no such operation in the ${provider} document`,
        ];
      }
      const where = `${operation.method} ${operation.template}`;
      if (operation.pathParams) {
        const values = operation.pattern.exec(request.path)?.slice(1) ?? [];
        const params = Object.fromEntries(operation.pathNames.map((name, i) => [name, decodeURIComponent(values[i] ?? "")]));
        problems.push(...failures(operation.pathParams, params, `${where} path`));
      }
      if (operation.query) problems.push(...failures(operation.query, queryObject(request.query), `${where} query`));

      const contentType =
        String(request.headers["content-type"] ?? "")
          .split(";")[0]
          ?.trim()
          .toLowerCase() ?? "";
      if (!request.body) {
        if (operation.bodyRequired) problems.push(`${where}: the body is required`);
        return problems;
      }
      const validate = operation.bodies.get(contentType);
      if (!validate) {
        const allowed = [...operation.bodies.keys()];
        problems.push(
          `${where}: body of type ${contentType || "(none)"} where the document takes ${allowed.length ? allowed.join(", ") : "no body"}`,
        );
        return problems;
      }
      let body: unknown;
      try {
        body = contentType === "application/x-www-form-urlencoded" ? decodeForm(request.body) : JSON.parse(request.body);
      } catch (error) {
        problems.push(`${where}: unreadable body: ${(error as Error).message}`);
        return problems;
      }
      problems.push(...failures(validate, body, `${where} body`));
      return problems;
    },
  };
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function validatorFactory(coerceTypes: boolean): Ajv2020 {
  // strict: false because OpenAPI adds its own keywords (example, xml, discriminator, x-…).
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes, validateFormats: true });
  addFormats.default(ajv);
  // Formats the providers' documents name beyond JSON Schema's own.
  ajv.addFormat("currency", /^[a-z]{3}$/); // Stripe: ISO 4217, lowercase
  ajv.addFormat("unix-time", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("iso-4217", /^[A-Z]{3}$/); // Shippo
  ajv.addFormat("iso-3166", /^[A-Z]{2,3}$/);
  return ajv;
}

function failures(validate: ValidateFunction, data: unknown, where: string): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath || ""}: ${describe(e)}`);
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") return `property ${String(params.additionalProperty)} is not in the document`;
  if (error.keyword === "unevaluatedProperties") return `property ${String(params.unevaluatedProperty)} is not in the document`;
  if (error.keyword === "enum") return `${error.message ?? "not allowed"}: ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? error.keyword;
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of query) {
    const earlier = out[name];
    out[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Follows local references (#/components/…); other documents are not vendored. */
function resolver(document: Schema) {
  return (node: unknown): unknown => {
    let current = node;
    for (let hops = 0; current && typeof current === "object" && "$ref" in current; hops++) {
      if (hops > 20) throw new Error("reference chain too long");
      current = pointer(document, String((current as Schema).$ref));
    }
    return current;
  };
}

function pointer(document: Schema, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local references are supported: ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], document);
}

/** Request schemas inlined whole, so closing their objects below cannot leak into other uses. */
function inline(node: unknown, resolve: (node: unknown) => unknown, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(n, resolve, stack));
  if (!node || typeof node !== "object") return node;
  const ref = (node as Schema).$ref;
  if (typeof ref === "string") {
    if (stack.includes(ref)) throw new Error(`recursive request schema ${ref}: not supported`);
    const { $ref: _, ...siblings } = node as Schema;
    return inline({ ...(resolve({ $ref: ref }) as Schema), ...siblings }, resolve, [...stack, ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, resolve, stack)]));
}

/** OpenAPI 3.0's nullable and boolean exclusive bounds in JSON Schema 2020 terms (3.1 already is). */
function normalise(node: unknown, openapi30: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => normalise(n, openapi30));
  if (!node || typeof node !== "object") return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, normalise(value, openapi30)])) as Schema;
  if (!openapi30) return out;
  for (const bound of ["Minimum", "Maximum"] as const) {
    const flag = out[`exclusive${bound}`];
    if (typeof flag === "boolean") {
      if (flag) out[`exclusive${bound}`] = out[bound.toLowerCase()];
      else delete out[`exclusive${bound}`];
      if (flag) delete out[bound.toLowerCase()];
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  delete out.nullable;
  return out;
}

/**
 * Every request object takes only the properties its document names: unevaluatedProperties: false
 * wherever an object schema leaves extra properties open. allOf parts are left open themselves and
 * closed at their parent, which sees the properties of all parts (JSON Schema 2020).
 */
function closeObjects(node: unknown, allOfPart: boolean): Schema {
  if (!node || typeof node !== "object" || Array.isArray(node)) return node as Schema;
  const schema = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, closeObjects(sub, false)]));
    } else if (["allOf", "anyOf", "oneOf", "prefixItems"].includes(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => closeObjects(sub, key === "allOf"));
    } else if (["items", "additionalProperties", "not", "if", "then", "else"].includes(key) && value && typeof value === "object") {
      out[key] = closeObjects(value, false);
    } else {
      out[key] = value;
    }
  }
  const objectLike = "properties" in schema || "allOf" in schema;
  if (objectLike && !allOfPart && !("additionalProperties" in schema) && !("unevaluatedProperties" in schema)) {
    out.unevaluatedProperties = false;
  }
  return out;
}
