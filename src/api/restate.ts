import * as clients from "@restatedev/restate-sdk-clients";
// Types only: the API process never loads handler code, it calls the handlers through the ingress.
import { CustomerApi, EmailIndexApi } from "../ingress-api.ts";
import { fromRestateError } from "./errors.ts";

/** Options for a write: the client's Idempotency-Key, passed on so Restate answers a retry from its record. */
export const writeOptions = (idempotencyKey: string | undefined) =>
  clients.rpc.opts<any, any>(idempotencyKey ? { idempotencyKey } : {});

/** The typed ingress client of one API process. Nothing but the call's input crosses: no client header. */
export function restateGateway(ingressUrl: string) {
  const ingress = clients.connect({ url: ingressUrl });
  return {
    ingressUrl,
    customer: (id: string) => ingress.objectClient(CustomerApi, id),
    emailIndex: (email: string) => ingress.objectClient(EmailIndexApi, email),
    /** Liveness of the ingress itself, for /health/ready. */
    async ping(): Promise<void> {
      const res = await fetch(`${ingressUrl}/restate/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`its health check answered HTTP ${res.status}`);
    },
  };
}

export type RestateGateway = ReturnType<typeof restateGateway>;
export type CustomerClient = ReturnType<RestateGateway["customer"]>;

/** Runs a call into Restate; its refusals become the contract's errors (see fromRestateError). */
export async function call<T>(work: () => PromiseLike<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromRestateError(error) ?? error;
  }
}
