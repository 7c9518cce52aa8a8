import { z } from "zod";
import { invalid } from "./domain-errors.ts";

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

const IDENTIFIER = /^[A-Za-z0-9._:-]{1,128}$/;

/** Object keys come from the URL, not the body: the same rules, checked by the handler. */
export function checkKey(what: string, key: string): void {
  if (!IDENTIFIER.test(key)) throw invalid(`${what} (the key) must be 1-128 letters, digits, '.', '_', ':' or '-'`);
}
