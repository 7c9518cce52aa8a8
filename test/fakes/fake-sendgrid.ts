import { contractChecker } from "../contracts/checker.ts";
import { type FakeResponse, type FakeServer, jsonOf, startFakeServer } from "./fake-server.ts";

/**
 * SendGrid's v3 Mail Send: Bearer auth, JSON body in snake_case, 202 with X-Message-Id (200 in
 * sandbox mode), 400 with {errors:[{message, field}]} for a message it cannot send.
 */

export interface FakeMail {
  messageId: string;
  sandbox: boolean;
  body: Record<string, any>;
}

export interface FakeSendgrid extends FakeServer {
  apiKey: string;
  /** Messages accepted (or, in sandbox mode, validated), in order. */
  messages: FakeMail[];
}

export async function startFakeSendgrid(options: { apiKey?: string } = {}): Promise<FakeSendgrid> {
  const apiKey = options.apiKey ?? "SG.fake_sendgrid_key";
  const messages: FakeMail[] = [];
  let sequence = 0;

  const server = await startFakeServer(
    (request): FakeResponse => {
      if (request.headers.authorization !== `Bearer ${apiKey}`) {
        return {
          status: 401,
          body: { errors: [{ message: "The provided authorization grant is invalid, expired, or revoked", field: null }] },
        };
      }
      if (request.method !== "POST" || request.path !== "/v3/mail/send")
        return { status: 404, body: { errors: [{ message: "Not found" }] } };
      const body = jsonOf<Record<string, any>>(request);
      const problems = validate(body);
      if (problems.length) return { status: 400, body: { errors: problems } };
      const sandbox = body.mail_settings?.sandbox_mode?.enable === true;
      const messageId = `fake-msg-${++sequence}`;
      messages.push({ messageId, sandbox, body });
      return { status: sandbox ? 200 : 202, headers: { "x-message-id": messageId } };
    },
    (status, message) => ({ errors: [{ message: message ?? `injected HTTP ${status}`, field: null }] }),
    contractChecker("sendgrid"),
  );
  return Object.assign(server, { apiKey, messages });
}

function validate(body: Record<string, any>): Array<{ message: string; field: string }> {
  const problems: Array<{ message: string; field: string }> = [];
  const to = body.personalizations?.[0]?.to?.[0]?.email;
  if (typeof to !== "string" || !to.includes("@"))
    problems.push({ message: "Does not contain a valid address.", field: "personalizations.0.to.0.email" });
  if (typeof body.from?.email !== "string")
    problems.push({ message: "The from object must be provided for every email send.", field: "from" });
  if (!body.template_id) {
    if (!body.subject) problems.push({ message: "The subject is required.", field: "subject" });
    if (!Array.isArray(body.content) || body.content.length === 0)
      problems.push({ message: "Unless a valid template_id is provided, the content parameter is required.", field: "content" });
  }
  return problems;
}
