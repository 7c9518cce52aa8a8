import { type Logger, pino } from "pino";
import { type LogFormat, logDestination } from "../platform/log-format.ts";

/**
 * The API's own logger (it does not load the endpoint's, which brings the Restate SDK). Requests are
 * logged by method, path and status; in case a header object is ever logged, credentials are cut.
 */
export function apiLogger(level: string, format: LogFormat = "json"): Logger {
  return pino(
    {
      level,
      base: { service: "restate-commerce-api" },
      redact: {
        paths: [
          "*.authorization",
          "*.headers.authorization",
          "*.headers.cookie",
          "*.cookie",
          "*.password",
          "*.refreshToken",
          "*.accessToken",
        ],
        censor: "[redacted]",
      },
    },
    logDestination(format),
  );
}
