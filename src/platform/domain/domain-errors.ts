/**
 * A business rule said no. Carries the HTTP status the caller should see, so the
 * Restate layer can turn it into a TerminalError without re-deciding anything.
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = "DomainError";
    this.status = status;
  }
}

export const notFound = (message: string) => new DomainError(message, 404);
export const conflict = (message: string) => new DomainError(message, 409);
export const invalid = (message: string) => new DomainError(message, 400);
export const unauthorized = (message: string) => new DomainError(message, 401);
export const forbidden = (message: string) => new DomainError(message, 403);
