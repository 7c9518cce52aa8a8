import http2 from "node:http2";
import { endpointMetrics } from "../platform/metrics/endpoint-metrics.ts";
import { type MetricsServer, startMetricsServer } from "../platform/metrics/metrics-server.ts";
import { providerHealth } from "../providers/provider-health.ts";
import { createEndpoint } from "./endpoint.ts";
import { loadAppConfig } from "./endpoint-config.ts";
import type { BindableService } from "./endpoint-services.ts";

export interface EndpointServer {
  port: number;
  url: string;
  /** Where this process's Prometheus metrics are served (METRICS_PORT); undefined when not. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

export interface EndpointServerOptions {
  /** 0 = any free port. */
  port: number;
  host: string;
  /** Configuration source; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Harness-only services bound beside the product's (see createEndpoint). */
  extraServices?: BindableService[];
}

/**
 * Serves the Restate endpoint over HTTP/2 (what restate-server speaks to deployments) and, with
 * METRICS_PORT, the process's Prometheus metrics over HTTP/1 on the same host.
 */
export async function startEndpointServer(options: EndpointServerOptions): Promise<EndpointServer> {
  const config = loadAppConfig(options.env);
  const endpoint = await serveEndpoint(options);
  let metrics: MetricsServer | undefined;
  if (config.METRICS_PORT !== undefined) {
    endpointMetrics.watchCircuits(() => providerHealth.snapshot().providers);
    try {
      metrics = await startMetricsServer(endpointMetrics.registry, {
        port: config.METRICS_PORT,
        host: options.host,
        token: config.METRICS_TOKEN,
      });
    } catch (error) {
      await endpoint.close();
      throw error;
    }
  }
  return {
    ...endpoint,
    metricsUrl: metrics?.url,
    close: async () => {
      await metrics?.close();
      await endpoint.close();
    },
  };
}

function serveEndpoint(options: EndpointServerOptions): Promise<Omit<EndpointServer, "metricsUrl">> {
  const served = createEndpoint(options.env, options.extraServices);
  const server = http2.createServer(served.endpoint.http2Handler());
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${options.port} is already in use`) : error),
    );
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : options.port;
      const host = options.host === "0.0.0.0" ? "127.0.0.1" : options.host;
      resolve({
        port: bound,
        url: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            for (const session of sessions) session.destroy();
            server.close(() => void served.close().then(done, done));
          }),
      });
    });
  });
}
