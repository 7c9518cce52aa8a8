import type { DestinationStream } from "pino";
import pretty from "pino-pretty";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** LOG_FORMAT when it is set (and valid), else human-readable in a terminal and JSON lines anywhere else. */
export function logFormat(wanted: string | undefined, terminal = Boolean(process.stdout.isTTY)): LogFormat {
  return LOG_FORMATS.find((f) => f === wanted) ?? (terminal ? "pretty" : "json");
}

/**
 * Where a logger writes: stdout as JSON lines (pino's own destination, so undefined), or pino-pretty's
 * one line per entry. Pretty printing formats what pino has already serialised, so its `redact`
 * paths hold the same in both. Synchronous like pino's stdout, so a fatal line before exit is not lost.
 */
export function logDestination(format: LogFormat): DestinationStream | undefined {
  if (format === "json") return undefined;
  return pretty({
    sync: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: "SYS:HH:MM:ss.l",
    // One line an entry, led by the process part that wrote it (npm start runs the endpoint and the API together).
    singleLine: true,
    messageFormat: "{service}: {msg}",
    ignore: "pid,hostname,service",
  });
}
