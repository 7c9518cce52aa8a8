import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { scrapeVerdict } from "./metrics-bearer.ts";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` of one registry over plain HTTP/1 (what Prometheus speaks; the endpoint's own port
 * speaks HTTP/2 to Restate). With a token, a scrape without it is a 401 that says nothing more;
 * without one, only this machine may scrape.
 */
export function startMetricsServer(
  registry: Registry,
  options: { port: number; host: string; token: string | undefined },
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: string, type = "text/plain; charset=utf-8", extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, ...extra });
      res.end(body);
    };
    if (new URL(req.url ?? "/", "http://metrics").pathname !== "/metrics") return answer(404, "not found: try GET /metrics\n");
    if (req.method !== "GET" && req.method !== "HEAD") return answer(405, "method not allowed\n", undefined, { allow: "GET, HEAD" });
    const verdict = scrapeVerdict(options.token, req.headers.authorization, req.socket.remoteAddress);
    if (verdict === "not_loopback") return answer(403, "forbidden: without METRICS_TOKEN the metrics are served to this machine only\n");
    if (verdict === "unauthenticated")
      return answer(401, "unauthenticated: send Authorization: Bearer <METRICS_TOKEN>\n", undefined, {
        "www-authenticate": 'Bearer realm="metrics"',
      });
    registry.metrics().then(
      (text) => answer(200, text, registry.contentType),
      (error: unknown) => answer(500, `metrics could not be collected: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`METRICS_PORT ${options.port} is already in use`) : error),
    );
    server.listen(options.port, options.host, () => {
      const bound = (server.address() as AddressInfo).port;
      const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
      resolve({
        url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/metrics`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
