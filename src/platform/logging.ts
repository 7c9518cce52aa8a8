import { type HooksProvider, type LoggerTransport, TerminalError } from "@restatedev/restate-sdk";
import { type Logger, pino } from "pino";
import { LOG_LEVELS, logDestination, logFormat } from "./log-format.ts";

// A bad LOG_LEVEL is reported with every other bad variable by the startup check, not by pino.
const wanted = process.env.LOG_LEVEL;
const level = LOG_LEVELS.find((l) => l === wanted) ?? "info";

/**
 * The service's one logger: JSON lines, or readable lines in a terminal (LOG_FORMAT decides when set;
 * a bad value is reported by the startup check too). Secrets never reach it (providers log ids, never
 * keys or bodies).
 */
export const logger: Logger = pino({ level, base: { service: "restate-commerce" } }, logDestination(logFormat(process.env.LOG_FORMAT)));

const isPlainObject = (part: unknown): part is Record<string, unknown> =>
  typeof part === "object" && part !== null && !(part instanceof Error) && Object.getPrototypeOf(part) === Object.prototype;

const firstLine = (text: string) => text.split("\n", 1)[0]!.trim();

/**
 * The SDK reports every failed `ctx.run` attempt twice, each time with a full stack: once from the
 * run ("Error when processing ctx.run 'x'.") and once more when the attempt ends, as a RestateError
 * whose message embeds the stack again. {@link runFailureLog} says it in one line instead.
 */
const isRunFailureReport = (text: string, error: Error) =>
  text.startsWith("Error when processing ctx.run") ||
  (error.name === "RestateError" && !(error instanceof TerminalError) && error.message.includes("\nStacktrace:"));

/**
 * Routes the Restate SDK's logs, and the handlers' `ctx.console`, through pino. Replayed entries are
 * dropped (they were logged the first time); plain objects among the arguments become fields; a
 * TerminalError is a business outcome, logged as one line without a stack; a failed attempt is one
 * line at warn, its stack at debug.
 */
export function restateLogTransport(log: Logger = logger): LoggerTransport {
  return (meta, message, ...rest) => {
    if (meta.replaying) return;
    const parts = [message, ...rest];
    const error = parts.find((part): part is Error => part instanceof Error);
    const fields = Object.assign(
      meta.context ? { invocationId: meta.context.invocationId, target: meta.context.invocationTarget } : {},
      ...parts.filter(isPlainObject),
    );
    const text = parts
      .filter((part) => !(part instanceof Error) && !isPlainObject(part))
      .map(String)
      .join(" ")
      .trim();
    if (error instanceof TerminalError) {
      log.info({ ...fields, code: error.code }, `terminal: ${error.message}`);
      return;
    }
    if (error && meta.source !== "USER") {
      if (!isRunFailureReport(text, error)) log.warn(fields, `attempt failed, will be retried: ${firstLine(error.message)}`);
      log.debug({ ...fields, err: error }, text);
      return;
    }
    // The SDK's own per-invocation chatter ("Starting invocation.") is debug detail, not operations news.
    const method = meta.source !== "USER" && meta.level === "info" ? "debug" : meta.level;
    log[method](error ? { ...fields, err: error } : fields, text);
  };
}

/** One line per failed `ctx.run` attempt, without a stack (the SDK's own reports go to debug). */
export function runFailureLog(log: Logger = logger): HooksProvider {
  return ({ request }) => ({
    interceptor: {
      run: async (name, next) => {
        try {
          await next();
        } catch (error) {
          if (!(error instanceof TerminalError)) {
            const reason = firstLine(error instanceof Error ? error.message : String(error));
            log.warn(
              { invocationId: request.id, target: String(request.target), run: name },
              `ctx.run '${name}' attempt failed: ${reason}`,
            );
          }
          throw error;
        }
      },
    },
  });
}
