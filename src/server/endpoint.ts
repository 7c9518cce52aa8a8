import * as restate from "@restatedev/restate-sdk";
import { logger, restateLogTransport, runFailureLog } from "../platform/logging.ts";
import { originGuard } from "../platform/restate/origin-guard.ts";
import type { Runtime } from "../providers/runtime.ts";
import { buildRuntime } from "./build-runtime.ts";
import { loadAppConfig } from "./endpoint-config.ts";
import { type BindableService, endpointServices } from "./endpoint-services.ts";
import type { Settings } from "./settings.ts";

/** A Restate endpoint and the runtime its handlers were bound with. */
export interface Endpoint {
  endpoint: restate.RestateEndpoint;
  runtime: Runtime<Settings>;
  /** Releases what the runtime holds (the query side's pool). */
  close(): Promise<void>;
}

/**
 * Every service this deployment serves, bound to one endpoint with one runtime built from the
 * configuration. `extra` binds services that only a harness needs (the bench's no-op, the tests'
 * drivers of ingress-private handlers), never production.
 */
export function createEndpoint(env: NodeJS.ProcessEnv = process.env, extra: BindableService[] = []): Endpoint {
  const config = loadAppConfig(env);
  const runtime = buildRuntime(config, env);
  if (!config.API_CALLER_KEY) {
    logger.warn(
      "API_CALLER_KEY is not set: the handlers that grant identity or move money (sign-in, refunds, checkouts of a customer's cart, …) refuse every call; set the HTTP API's key",
    );
  }
  const endpoint = restate
    .endpoint()
    .setLogger(restateLogTransport())
    // Before any bind: services take the default options when they are bound.
    .defaultServiceOptions({ hooks: [originGuard(config.CORS_ALLOWED_ORIGINS), runFailureLog()] });
  for (const service of [...endpointServices(runtime), ...extra]) endpoint.bind(service);
  if (config.RESTATE_IDENTITY_KEYS.length > 0) endpoint.withIdentityV1(...config.RESTATE_IDENTITY_KEYS);
  return { endpoint, runtime, close: () => runtime.database.close() };
}
