import { TerminalError, type LoggerTransport } from "@restatedev/restate-sdk";
import { pino, type Logger } from "pino";

const level = process.env.LOG_LEVEL ?? "info";

/** The service's one logger. JSON lines; secrets never reach it (providers log ids, never keys or bodies). */
export const logger: Logger = pino({ level, base: { service: "restate-commerce" } });

/**
 * Routes the Restate SDK's logs through pino. Replayed entries are dropped (they were logged the first
 * time), and a TerminalError is a business outcome, logged as one line without a stack.
 */
export function restateLogTransport(log: Logger = logger): LoggerTransport {
  return (meta, message, ...rest) => {
    if (meta.replaying) return;
    const bindings = meta.context
      ? { invocationId: meta.context.invocationId, target: meta.context.invocationTarget }
      : {};
    const error = [message, ...rest].find((part): part is Error => part instanceof Error);
    if (error instanceof TerminalError) {
      log.info({ ...bindings, code: error.code }, `terminal: ${error.message}`);
      return;
    }
    const text = [message, ...rest].filter((part) => !(part instanceof Error)).map(String).join(" ");
    // The SDK's own per-invocation chatter ("Starting invocation.") is debug detail, not operations news.
    const method = meta.source !== "USER" && meta.level === "info" ? "debug" : meta.level;
    if (error) log[method]({ ...bindings, err: error }, text);
    else log[method](bindings, text);
  };
}
