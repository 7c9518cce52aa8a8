import { context, defaultTextMapSetter, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { ApiConfig } from "./api-config.ts";

/** The API's OpenTelemetry tracing, when OTEL_EXPORTER_OTLP_ENDPOINT configures it. */
export interface ApiTracing {
  tracer: Tracer;
  /** `fetch` that carries the active span's W3C trace context: how Restate's spans join the request's trace. */
  fetch: typeof fetch;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
let contextManagerSet = false;

/**
 * Tracing for one API server, or undefined when no OTLP endpoint is configured (then the API makes
 * no spans and sends no trace headers). The provider belongs to this server, not to the process, so
 * several servers in one process (the tests) each export and shut down their own.
 */
export function apiTracing(config: Pick<ApiConfig, "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_SERVICE_NAME">): ApiTracing | undefined {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  // The active span follows a request through its awaits only with a context manager; it is the
  // process's, set once (a second registration would be refused anyway).
  if (!contextManagerSet) contextManagerSet = context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": config.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: tracesUrl(config.OTEL_EXPORTER_OTLP_ENDPOINT) }) })],
  });
  return { tracer: provider.getTracer("restate-commerce-api"), fetch: tracedFetch, shutdown: () => provider.shutdown() };
}

/** OTLP/HTTP's rule for OTEL_EXPORTER_OTLP_ENDPOINT: it is the collector's base URL, traces go to `v1/traces` under it. */
export const tracesUrl = (endpoint: string) => new URL("v1/traces", endpoint.endsWith("/") ? endpoint : `${endpoint}/`).href;

/** Adds `traceparent` (and `tracestate`, if any) of the active span to the request; nothing else changes. */
const tracedFetch: typeof fetch = (input, init) => {
  const carrier: Record<string, string> = {};
  propagator.inject(context.active(), carrier, defaultTextMapSetter);
  if (Object.keys(carrier).length === 0) return fetch(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  for (const [name, value] of Object.entries(carrier)) headers.set(name, value);
  return fetch(input, { ...init, headers });
};
