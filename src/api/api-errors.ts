import { HttpCallError } from "@restatedev/restate-sdk-clients";
import type { ZodError } from "zod";

/** The contract's error body: `{"error": {"code", "message", "field"?}}`. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; orderNumber?: string };
}

/** What a refusal may name besides the field: the order a failed checkout left behind. */
export interface ErrorDetails {
  orderNumber?: string;
}

/** A refusal the client sees as is: status, snake_case code, a message naming the field and the rule. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;
  readonly details: ErrorDetails;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { field?: string; headers?: Record<string, string>; details?: ErrorDetails } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...this.details } };
  }
}

/** The code a status carries when nothing more specific is known. */
export const CODE_BY_STATUS: Record<number, string> = {
  400: "invalid_input",
  401: "unauthenticated",
  402: "payment_failed",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  408: "timeout",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "rate_limited",
  503: "unavailable",
};

export const unauthenticated = (message: string) =>
  new ApiError(401, "unauthenticated", message, { headers: { "www-authenticate": 'Bearer realm="api"' } });
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);

/** The first zod issue, as `field: rule`, with the field named apart for clients that highlight it. */
export function fromZodError(error: ZodError, where: string): ApiError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join(".");
  let message = issue.message;
  if (issue.code === "unrecognized_keys")
    message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (only the documented fields are accepted)`;
  const field = path || (where === "json" ? undefined : where);
  const subject = path || (where === "json" ? "body" : where);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return new ApiError(400, "invalid_input", `${subject}: ${message}${more}`, field ? { field } : {});
}

/**
 * What a failed call into Restate means for the client. Terminal errors of our handlers carry the
 * business status and a message meant for callers; anything else (unreachable ingress, a handler
 * that kept failing) is the backend's problem, answered 503 without internals.
 */
export function fromRestateError(error: unknown): ApiError | undefined {
  if (error instanceof HttpCallError) {
    if (error.status >= 400 && error.status < 500) {
      const refusal = restateRefusal(error.responseText);
      // Restate's own 404 (service or handler unknown: not registered, or just after a restart while its
      // metadata propagates, RT0018) says nothing about the order or cart asked for.
      if (error.status === 404 && refusal.byIngress)
        return new ApiError(503, "unavailable", "the shop's backend is not ready for this request; try again");
      return new ApiError(
        error.status,
        CODE_BY_STATUS[error.status] ?? "request_failed",
        refusal.message ?? `request refused (HTTP ${error.status})`,
        { details: refusal.details },
      );
    }
    return new ApiError(503, "unavailable", "the shop's backend could not complete the request; try again");
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    return new ApiError(503, "unavailable", "the shop's backend is unreachable; try again");
  }
  return undefined;
}

/**
 * The message of a terminal error, the order number a failed checkout attaches as metadata, and
 * whether Restate refused on its own (`source: "ingress"`) rather than one of our handlers (`invocation`).
 */
export function restateRefusal(text: string): { message: string | undefined; details: ErrorDetails; byIngress: boolean } {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; metadata?: { orderNumber?: unknown }; source?: unknown };
    const message = typeof parsed.message === "string" && parsed.message.trim() ? parsed.message : undefined;
    const orderNumber = parsed.metadata?.orderNumber;
    return { message, details: typeof orderNumber === "string" ? { orderNumber } : {}, byIngress: parsed.source === "ingress" };
  } catch {
    return { message: text.trim() || undefined, details: {}, byIngress: false };
  }
}
