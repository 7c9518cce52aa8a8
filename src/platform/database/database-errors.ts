/**
 * Database failures as one line that says what to fix, naming the server by a URL without its
 * password. Driver errors are never passed through as they are: some carry the connection string.
 */

/** The URL with its password removed, for messages and banners. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    parsed.search = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(a malformed DATABASE_URL)";
  }
}

/** Driver and server error codes (SQLSTATE) → what they mean for whoever reads the message. */
const REASONS = new Map<string, string>([
  ["ECONNREFUSED", "connection refused (is PostgreSQL running on that host and port?)"],
  ["ENOTFOUND", "unknown host"],
  ["EAI_AGAIN", "host name lookup failed"],
  ["ETIMEDOUT", "connection timed out"],
  ["ECONNRESET", "connection reset by the server"],
  ["EHOSTUNREACH", "host unreachable"],
  ["28P01", "password authentication failed"],
  ["28000", "authentication refused"],
  ["3D000", "the database does not exist"],
  ["57P01", "the server is shutting down"],
  ["57P03", "the server is starting up or shutting down"],
  ["53300", "too many connections"],
  ["57014", "statement timeout: the query was cancelled"],
]);

/** Why a database operation failed, in one line without secrets. */
export function databaseFailure(error: unknown, url: string): string {
  return `database ${redactUrl(url)}: ${databaseReason(error, url)}`;
}

/** Just the why, naming no server: for answers that leave the shop (a public readiness check). */
export function databaseReason(error: unknown, url: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  let reason = typeof code === "string" ? REASONS.get(code) : undefined;
  if (!reason && /timeout/i.test(message)) reason = "connection timed out";
  return reason ?? scrub(message, url);
}

/** An unexpected message is kept, minus anything that could be the password or the full URL. */
function scrub(message: string, url: string): string {
  let text = message.split("\n")[0] ?? "";
  try {
    const parsed = new URL(url);
    const secrets = [url, parsed.password, decodeURIComponent(parsed.password)].filter((s) => s.length > 0);
    for (const secret of secrets) text = text.split(secret).join("***");
  } catch {
    text = text.split(url).join("***");
  }
  return text || "unknown error";
}

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseError";
  }
}
