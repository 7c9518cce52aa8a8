import { type HooksProvider, TerminalError } from "@restatedev/restate-sdk";

/**
 * Refuses every invocation that a web page started from an origin not on the list, before the
 * handler (or even its input) is looked at. Restate 1.7's ingress answers every CORS preflight with
 * the caller's origin and `allow-credentials: true`, and that is not configurable; browsers, though,
 * send an `Origin` header with every cross-origin request (no-cors ones included), while servers,
 * curl, the SDK clients and the providers' webhooks send none. So a page on any other site can
 * neither read an order nor clear a cart through a shopper's or an operator's browser.
 */
export function originGuard(allowedOrigins: readonly string[]): HooksProvider {
  const allowed = new Set(allowedOrigins);
  return ({ request }) => ({
    interceptor: {
      handler: async (next) => {
        const origin = request.headers.get("origin");
        if (origin !== undefined && !allowed.has(origin)) {
          throw new TerminalError("requests from web pages of other origins are refused (CORS_ALLOWED_ORIGINS lists the allowed ones)", {
            errorCode: 403,
          });
        }
        await next();
      },
    },
  });
}
