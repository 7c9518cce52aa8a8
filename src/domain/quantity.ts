import { z } from "zod";

export const MAX_QUANTITY = 1_000_000;

export const positiveQuantity = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(MAX_QUANTITY, `must not exceed ${MAX_QUANTITY}`);

export const identifier = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(128, `${what} must be at most 128 characters`)
    .regex(/^[A-Za-z0-9._:-]+$/, `${what} may contain only letters, digits, '.', '_', ':' and '-'`);
