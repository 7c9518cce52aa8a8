import http2 from "node:http2";

export interface Balancer {
  url: string;
  /** Streams forwarded to each backend, by URL. */
  forwarded: Map<string, number>;
  close(): Promise<void>;
}

const { NGHTTP2_INTERNAL_ERROR, NGHTTP2_NO_ERROR } = http2.constants;
/** A backend that refused a connection is skipped this long, like a load balancer's passive health check. */
const COOL_DOWN_MS = 300;

/**
 * An HTTP/2 (h2c) load balancer for service endpoints: each stream (one invocation attempt) goes to
 * the next live backend, round robin. Restate registers one deployment URL and holds one HTTP/2
 * connection to it, so replicas behind this balancer share the invocations; when a replica dies,
 * its streams are reset and Restate retries them on another replica, as behind any L7 balancer.
 */
export function startH2Balancer(backends: readonly string[], port = 0): Promise<Balancer> {
  const sessions = new Map<string, http2.ClientHttp2Session>();
  const downUntil = new Map<string, number>();
  const forwarded = new Map<string, number>(backends.map((b) => [b, 0]));
  let turn = 0;

  const session = (backend: string) => {
    const open = sessions.get(backend);
    if (open && !open.closed && !open.destroyed) return open;
    const fresh = http2.connect(backend);
    const forget = () => sessions.get(backend) === fresh && sessions.delete(backend);
    fresh.on("error", () => {
      downUntil.set(backend, Date.now() + COOL_DOWN_MS);
      forget();
    });
    fresh.on("close", forget);
    sessions.set(backend, fresh);
    return fresh;
  };

  const choose = () => {
    const now = Date.now();
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[(turn++ + i) % backends.length]!;
      if ((downUntil.get(backend) ?? 0) <= now) return backend;
    }
    // All cooling down: try one anyway rather than refuse (it may be back already).
    return backends[turn++ % backends.length]!;
  };

  const server = http2.createServer();
  const inbound = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    inbound.add(s);
    s.once("close", () => inbound.delete(s));
  });
  server.on("stream", (downstream, headers) => {
    const backend = choose();
    forwarded.set(backend, (forwarded.get(backend) ?? 0) + 1);
    const upstream = session(backend).request(headers);
    upstream.on("response", (responseHeaders) => {
      const { ":status": status, ...rest } = responseHeaders;
      if (downstream.destroyed) return;
      downstream.respond({ ":status": status, ...rest });
      upstream.pipe(downstream);
    });
    // A dead or failing backend resets the stream: to Restate that is a failed attempt, retried.
    upstream.on("error", () => !downstream.destroyed && downstream.close(NGHTTP2_INTERNAL_ERROR));
    upstream.on("close", () => {
      if (upstream.rstCode && upstream.rstCode !== NGHTTP2_NO_ERROR && !downstream.destroyed) {
        downstream.close(NGHTTP2_INTERNAL_ERROR);
      }
    });
    downstream.on("error", () => !upstream.destroyed && upstream.close(NGHTTP2_INTERNAL_ERROR));
    downstream.on("close", () => !upstream.destroyed && upstream.close());
    downstream.pipe(upstream);
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        forwarded,
        close: () =>
          new Promise<void>((done) => {
            for (const s of [...sessions.values(), ...inbound]) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
