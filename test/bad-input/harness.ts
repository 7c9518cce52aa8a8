import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { type OpenInvocation, openInvocations, sql, waitUntilIdle } from "../../scripts/lib/admin.ts";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { ownDatabase } from "../support/projections.ts";
import { callerSignatureHeader } from "../support/restate.ts";

export interface BadRequest {
  path: string;
  /** Raw bytes to send; undefined sends no body. */
  body?: string;
  contentType?: string;
  /** Why this request is bad, for the failure message. */
  what: string;
}

export interface Reply {
  status: number;
  text: string;
  message: string | undefined;
}

/**
 * A restate-server and an endpoint owned by the bad-input suite: every state entry and every
 * invocation on this server belongs to the suite, so "nothing changed" means the whole state table.
 * No mock webhooks, so nothing moves by itself between two looks.
 */
export async function badInputServer() {
  const server = await ownRestateServer();
  const databaseUrl = await ownDatabase();
  const ledgerDir = mkdtempSync(path.join(tmpdir(), "commerce-bad-input-"));
  const endpoint: EndpointServer = await startEndpointServer({
    port: 0,
    host: "127.0.0.1",
    env: {
      ...process.env,
      MOCK_MODE: "true",
      MOCK_WEBHOOKS: "false",
      MOCK_LEDGER_FILE: path.join(ledgerDir, "ledger.sqlite"),
      RESTATE_INGRESS_URL: server.ingressUrl,
      DATABASE_URL: databaseUrl,
      API_CALLER_KEY: TEST_API_CALLER_KEY,
    },
  });
  await server.register(endpoint.url);

  return {
    ingressUrl: server.ingressUrl,
    /** The projections of this server's shop: the HTTP API under test reads them. */
    databaseUrl,
    adminUrl: server.adminUrl,
    /** Signed as the HTTP API signs its calls: the bad input meets the handler's own validation, behind the credential check. */
    async send(request: BadRequest): Promise<Reply> {
      const res = await fetch(`${server.ingressUrl}${request.path}`, {
        method: "POST",
        headers: {
          ...(request.contentType ? { "content-type": request.contentType } : {}),
          ...callerSignatureHeader(request.path, request.body),
        },
        body: request.body,
        // A hang is a failure too: the ingress waits while an invocation retries.
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      return { status: res.status, text, message: messageOf(text) };
    },
    /**
     * A body too large to be accepted: announced with `Expect: 100-continue`, as curl does, so the
     * server can refuse it on its declared length instead of resetting a half-sent upload.
     */
    sendHuge(path: string, body: Buffer): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const request = http.request(`${server.ingressUrl}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": body.length, expect: "100-continue" },
          timeout: 30_000,
        });
        request.on("continue", () => request.end(body));
        request.on("response", (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text, message: messageOf(text) }));
        });
        request.on("timeout", () => request.destroy(new Error(`no answer to a ${body.length}-byte body`)));
        request.on("error", reject);
        request.flushHeaders();
      });
    },
    /** Every state entry of every object, as one comparable string. */
    async state(): Promise<string> {
      const rows = await sql<Record<string, unknown>>(
        server.adminUrl,
        "SELECT service_name, service_key, key, value_utf8, value_length FROM state ORDER BY service_name, service_key, key",
      );
      return JSON.stringify(rows);
    },
    open: (): Promise<OpenInvocation[]> => openInvocations(server.adminUrl),
    idle: () => waitUntilIdle(server.adminUrl, 20_000),
    async dispose() {
      await endpoint.close();
      await server.dispose();
      rmSync(ledgerDir, { recursive: true, force: true });
    },
  };
}

/** The error text a client gets: `message` of Restate's JSON error, or a plain-text body. */
function messageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed?.message === "string" && parsed.message.trim() ? parsed.message : undefined;
  } catch {
    return text.trim() || undefined;
  }
}
