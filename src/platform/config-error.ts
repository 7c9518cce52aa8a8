import type { z } from "zod";

/** A configuration that cannot start: every bad variable by name, never its value. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], what = "invalid configuration") {
    super(`${what}: ${problems.join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** An empty variable (as a .env file leaves it) means "not set". */
export const setVariables = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));

/** "NAME rule" for each variable the schema refuses; a missing one "is required". */
export function problemsOf(error: z.ZodError, env: Record<string, string | undefined>): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name} ${env[name] === undefined || env[name] === "" ? "is required" : issue.message}`;
  });
}
