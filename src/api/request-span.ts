import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./context.ts";
import { routePattern } from "./route-pattern.ts";

/** Methods named as they are in spans; any other is `_OTHER`, so a client cannot mint span names. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]);

/**
 * One server span per request, named by method and route pattern (`POST /orders`), with the OpenTelemetry
 * HTTP attributes that name no one: method, route, status. Never the path itself, the query, headers or
 * bodies: they carry order numbers, emails, tokens and passwords. Health checks and metrics scrapes are
 * not traced (load balancers and Prometheus poll them every few seconds).
 *
 * Every request starts a new trace: the API is the shop's public face, and a `traceparent` sent by a
 * client would let anyone choose trace ids and sampling in the shop's traces.
 */
export function requestSpans(tracer: Tracer): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.path === "/health" || c.req.path.startsWith("/health/") || c.req.path === "/metrics") return next();
    const method = METHODS.has(c.req.method) ? c.req.method : "_OTHER";
    const span = tracer.startSpan(method, {
      kind: SpanKind.SERVER,
      root: true,
      attributes: { "http.request.method": method, "url.scheme": "http" },
    });
    try {
      await context.with(trace.setSpan(ROOT_CONTEXT, span), next);
    } finally {
      const route = routePattern(c);
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute("http.route", route);
      }
      const status = c.res.status;
      span.setAttribute("http.response.status_code", status);
      // A server span fails only on the server's fault; a 4xx is the client's.
      if (status >= 500) {
        span.setAttribute("error.type", String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
  };
}
