import * as restate from "@restatedev/restate-sdk";
import { type HooksProvider, type Request, TerminalError } from "@restatedev/restate-sdk";
import type { WithCallerKeys } from "./caller-keys.ts";
import { CALLER_SIGNATURE_HEADER, callerSignature, callTarget, isSignedCall } from "./caller-signature.ts";

/**
 * The ingress is infrastructure, yet whoever reaches it could call any public handler. The handlers
 * that grant identity or move money therefore run only for a call signed with the API's credential
 * (API_CALLER_KEY; src/platform/restate/caller-signature.ts), and the handlers of this service that call them
 * sign their calls with the same key, which every endpoint holds. Docs: docs/security.md, "The boundary".
 */

/** Whether the request that started this invocation carries a valid signature of the API's. */
export function fromApiCaller(rt: WithCallerKeys, request: Request): boolean {
  const keys = rt.settings.apiCallerKeys;
  return isSignedCall(keys, request.target.toString(), request.body, request.headers.get(CALLER_SIGNATURE_HEADER));
}

function refusal(rt: WithCallerKeys, what: string): TerminalError {
  const reason =
    rt.settings.apiCallerKeys.length === 0
      ? "this endpoint has no API_CALLER_KEY, so it accepts no such call"
      : `the call does not carry a valid ${CALLER_SIGNATURE_HEADER} (the HTTP API signs its calls with API_CALLER_KEY)`;
  return new TerminalError(`${what} only for the shop's HTTP API: ${reason}`, { errorCode: 401 });
}

/** Refuses the invocation (401) before the handler, or even its input, is looked at. */
const apiCallerOnly =
  (rt: WithCallerKeys): HooksProvider =>
  ({ request }) => ({
    interceptor: {
      handler: async (next) => {
        if (!fromApiCaller(rt, request)) throw refusal(rt, `${request.target.service}.${request.target.handler} is`);
        await next();
      },
    },
  });

/**
 * Handler options of a handler that grants identity or moves money, checked with this runtime's
 * keys: spread into its options. The metadata shows it in the admin API (`GET /services`), where the
 * tests find every such handler.
 */
export const apiOnly = (rt: WithCallerKeys): { hooks: HooksProvider[]; metadata: Record<string, string> } => ({
  hooks: [apiCallerOnly(rt)],
  metadata: { caller: "api" },
});

/**
 * For a field only the API (or one of this service's handlers) may set: present in a call it did not
 * sign, the call is refused (401) naming the field, before anything changes.
 */
export function requireApiCallerFor(rt: WithCallerKeys, request: Request, fields: Record<string, unknown>): void {
  const present = Object.keys(fields).filter((name) => fields[name] !== undefined);
  if (present.length > 0 && !fromApiCaller(rt, request))
    throw refusal(rt, `${present.join(" and ")} ${present.length > 1 ? "are" : "is"} accepted`);
}

/**
 * Call options for one of our handlers calling a handler that demands the API's credential: the input
 * is sent as JSON bytes and signed with this endpoint's key. The signature is journaled with the call
 * (it is no secret); the key never is.
 */
export function signedCallOptions<I>(rt: WithCallerKeys, call: SignedTarget, input: I) {
  // biome-ignore lint/suspicious/noExplicitAny: the caller's client fixes the output type; Opts<I, O> is invariant in O.
  return restate.rpc.opts<I, any>({ headers: signatureHeaders(rt, call, input), input: restate.serde.json as restate.Serde<I> });
}

/**
 * The same for a one-way send. Its idempotency key makes the invocation's result kept (for the
 * server's idempotency retention), so a caller can attach to it by its invocation id.
 */
export function signedSendOptions<I>(rt: WithCallerKeys, call: SignedTarget, input: I, idempotencyKey: string) {
  return restate.rpc.sendOpts<I>({
    headers: signatureHeaders(rt, call, input),
    input: restate.serde.json as restate.Serde<I>,
    idempotencyKey,
  });
}

type SignedTarget = { service: { name: string }; key?: string; handler: string };

function signatureHeaders(rt: WithCallerKeys, call: SignedTarget, input: unknown): Record<string, string> {
  const key = rt.settings.apiCallerKeys[0];
  if (!key) return {};
  const body = restate.serde.json.serialize(input);
  return { [CALLER_SIGNATURE_HEADER]: callerSignature(key, callTarget(call.service.name, call.handler, call.key), body) };
}
