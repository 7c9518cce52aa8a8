import http2 from "node:http2";
import { createEndpoint } from "./app.ts";

export interface EndpointServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serves the Restate endpoint over HTTP/2 on the given port (0 = any free port). */
export function startEndpointServer(port: number, host = "127.0.0.1"): Promise<EndpointServer> {
  const server = http2.createServer(createEndpoint().http2Handler());
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
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
