import { TerminalError } from "@restatedev/restate-sdk";
import { DomainError } from "../domain/domain-errors.ts";

/** Runs a domain decision; a broken business rule becomes a TerminalError carrying its HTTP status. */
export function decide<T>(decision: () => T): T {
  try {
    return decision();
  } catch (error) {
    if (error instanceof DomainError) throw new TerminalError(error.message, { errorCode: error.status });
    throw error;
  }
}

/** Throws a broken business rule as the TerminalError the caller sees. */
export function reject(error: DomainError): never {
  throw new TerminalError(error.message, { errorCode: error.status });
}
