import http2 from "node:http2";
import { createEndpoint, type BindableService } from "./app.ts";

export interface EndpointServer {
  port: number;
  url: string;
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

/** Serves the Restate endpoint over HTTP/2 (what restate-server speaks to deployments). */
export function startEndpointServer(options: EndpointServerOptions): Promise<EndpointServer> {
  const server = http2.createServer(createEndpoint(options.env, options.extraServices).http2Handler());
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
            server.close(() => done());
          }),
      });
    });
  });
}
