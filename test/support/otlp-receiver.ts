import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import protobuf from "protobufjs";

/**
 * The part of OTLP's trace messages (opentelemetry/proto/collector/trace/v1 and trace/v1) that the
 * tests read; field numbers as in the OpenTelemetry protocol, everything else is skipped.
 */
const PROTO = `
syntax = "proto3";
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { repeated Span spans = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  SpanKind kind = 6;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  repeated Link links = 13;
}
message Link { bytes trace_id = 1; bytes span_id = 2; }
enum SpanKind { UNSPECIFIED = 0; INTERNAL = 1; SERVER = 2; CLIENT = 3; PRODUCER = 4; CONSUMER = 5; }
message Event { string name = 2; repeated KeyValue attributes = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const ExportTraceServiceRequest = protobuf.parse(PROTO, { keepCase: true }).root.lookupType("ExportTraceServiceRequest");

export interface ReceivedSpan {
  /** The `service.name` of the process that made it. */
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: "UNSPECIFIED" | "INTERNAL" | "SERVER" | "CLIENT" | "PRODUCER" | "CONSUMER";
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  /** Spans of other traces this one follows from (Restate links a one-way send's invocation to its sender). */
  links: Array<{ traceId: string; spanId: string }>;
}

interface Decoded {
  resource_spans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scope_spans?: Array<{
      spans?: Array<{
        trace_id: string;
        span_id: string;
        parent_span_id: string;
        name: string;
        kind: ReceivedSpan["kind"];
        attributes?: KeyValue[];
        events?: Array<{ name: string; attributes?: KeyValue[] }>;
        links?: Array<{ trace_id: string; span_id: string }>;
      }>;
    }>;
  }>;
}
interface KeyValue {
  key: string;
  value?: Record<string, unknown>;
}

const attributeValue = (value: Record<string, unknown> | undefined): unknown => {
  if (!value) return undefined;
  if (value.array_value) return ((value.array_value as { values?: Array<Record<string, unknown>> }).values ?? []).map(attributeValue);
  if (value.kvlist_value) return attributesOf((value.kvlist_value as { values?: KeyValue[] }).values);
  return Object.values(value)[0];
};
const attributesOf = (list: KeyValue[] | undefined) => Object.fromEntries((list ?? []).map((kv) => [kv.key, attributeValue(kv.value)]));

function spansOf(body: Buffer): ReceivedSpan[] {
  const message = ExportTraceServiceRequest.decode(body);
  const decoded = ExportTraceServiceRequest.toObject(message, {
    bytes: String,
    enums: String,
    longs: Number,
    defaults: true,
    oneofs: false,
  }) as Decoded;
  const hex = (base64: string) => Buffer.from(base64, "base64").toString("hex");
  return (decoded.resource_spans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)["service.name"] ?? "");
    return (resourceSpans.scope_spans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: hex(span.trace_id),
        spanId: hex(span.span_id),
        parentSpanId: hex(span.parent_span_id),
        name: span.name,
        kind: span.kind,
        attributes: attributesOf(span.attributes),
        events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributesOf(event.attributes) })),
        links: (span.links ?? []).map((link) => ({ traceId: hex(link.trace_id), spanId: hex(link.span_id) })),
      })),
    );
  });
}

/**
 * A small OTLP/HTTP collector (binary protobuf, the protocol's default encoding) for traces: it keeps
 * every span it is sent, and every request body as it arrived (decompressed), so a test can also
 * look for strings anywhere in what left a process.
 */
export async function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const bodies: Buffer[] = [];
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const type = req.headers["content-type"] ?? "";
      if (req.method !== "POST" || req.url !== "/v1/traces" || !type.startsWith("application/x-protobuf")) {
        // Remembered, so a test that expects spans can say why none came.
        refused.push(`${req.method} ${req.url} (${type})`);
        res.writeHead(404).end();
        return;
      }
      try {
        const raw = Buffer.concat(chunks);
        const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        bodies.push(body);
        spans.push(...spansOf(body));
        // An ExportTraceServiceResponse without partial_success: an empty message.
        res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      } catch (error) {
        refused.push(`undecodable export: ${String(error)}`);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it; traces are posted to `/v1/traces`. */
    url,
    spans: () => [...spans],
    /** Every export as one string (protobuf keeps strings as they are). */
    exported: () => bodies.map((body) => body.toString("utf8")).join("\n"),
    refused: () => [...refused],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type OtlpReceiver = Awaited<ReturnType<typeof otlpReceiver>>;
