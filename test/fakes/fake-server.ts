import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ContractChecker } from "../contracts/checker.ts";

/**
 * The HTTP part every provider fake shares: records each request, and injects faults ahead of the
 * provider logic. Listens on 127.0.0.1 on a free port; nothing leaves the machine.
 *
 * With a contract checker, every request is first held to the provider's official OpenAPI document
 * (test/contracts): one that breaks it is answered 400 naming the violation, as a spec-true server
 * would, and recorded; close() then rejects, so a test file whose client sent it fails.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FaultMatch {
  method?: string;
  /** Exact path, or a pattern tested against it. */
  path?: string | RegExp;
}

type Fault =
  | { kind: "fail"; response: FakeResponse; match: FaultMatch }
  | { kind: "stall"; match: FaultMatch }
  | { kind: "lose"; match: FaultMatch };

export interface FakeServer {
  url: string;
  port: number;
  /** Every request that reached the fake, faults included. */
  requests: RecordedRequest[];
  /** Requests that broke the provider's document, one line per violation. */
  violations: string[];
  /** Hands over the recorded violations and forgets them (for tests that send bad requests on purpose). */
  takeViolations(): string[];
  /** The next `n` matching requests get `status` without reaching the provider logic (a front-door failure). */
  failNext(n: number, status: number, options?: FaultMatch & { body?: unknown; headers?: Record<string, string> }): void;
  /** The next `n` matching requests are held unanswered and have no effect (the provider hangs). */
  stallNext(n: number, match?: FaultMatch): void;
  /** The next `n` matching requests take effect, then their responses are never sent (lost on the way back). */
  loseNext(n: number, match?: FaultMatch): void;
  /** Stops the server; rejects when requests broke the provider's document. */
  close(): Promise<void>;
}

export type Handler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/** The provider's error body for a status, with a message when there is more to say than the status. */
export type ErrorBody = (status: number, message?: string) => unknown;

export async function startFakeServer(handler: Handler, errorBody: ErrorBody, contract?: ContractChecker): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];

  const takeFault = (request: RecordedRequest) => {
    const index = faults.findIndex((f) => matches(f.match, request));
    return index < 0 ? undefined : faults.splice(index, 1)[0];
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      const broken = contract?.check(request) ?? [];
      if (broken.length) {
        violations.push(...broken);
        return send(res, {
          status: 400,
          body: errorBody(400, `request breaks the ${contract?.provider} API document: ${broken.join("; ")}`),
        });
      }
      const fault = takeFault(request);
      if (fault?.kind === "stall") return;
      if (fault?.kind === "fail") return send(res, fault.response);
      Promise.resolve()
        .then(() => handler(request))
        .then((response) => {
          if (fault?.kind !== "lose") send(res, response);
        })
        .catch((error: unknown) => send(res, { status: 500, body: { error: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const repeat = (n: number, fault: Fault) => {
    for (let i = 0; i < n; i++) faults.push(fault);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    violations,
    takeViolations: () => violations.splice(0),
    failNext: (n, status, options = {}) =>
      repeat(n, {
        kind: "fail",
        match: options,
        response: { status, body: options.body ?? errorBody(status), ...(options.headers ? { headers: options.headers } : {}) },
      }),
    stallNext: (n, match = {}) => repeat(n, { kind: "stall", match }),
    loseNext: (n, match = {}) => repeat(n, { kind: "lose", match }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (violations.length) {
        throw new Error(`requests broke the ${contract?.provider} API document (test/contracts/specs):\n  ${violations.join("\n  ")}`);
      }
    },
  };
}

function matches(match: FaultMatch, request: RecordedRequest): boolean {
  if (match.method && match.method.toUpperCase() !== request.method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === "string" ? match.path === request.path : match.path.test(request.path);
}

function send(res: http.ServerResponse, response: FakeResponse): void {
  if (res.destroyed) return;
  const hasBody = response.body !== undefined;
  res.writeHead(response.status, { ...(hasBody ? { "content-type": "application/json" } : {}), ...response.headers });
  res.end(hasBody ? JSON.stringify(response.body) : undefined);
}

/** Reads a form-encoded body (Stripe's) into flat bracketed keys: metadata[orderId] → "…". */
export const formOf = (request: RecordedRequest): Record<string, string> => Object.fromEntries(new URLSearchParams(request.body));

export const jsonOf = <T = Record<string, unknown>>(request: RecordedRequest): T => JSON.parse(request.body || "{}") as T;
