import { z } from "zod";

/** C0 and C1 controls (NUL, tab, CR, LF, ESC…), DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/**
 * Bidirectional embeddings, overrides and isolates: they make text display in another order than
 * it is stored (U+202E shows "invoice‮fdp.exe" as "invoiceexe.pdf"), in emails, labels and the admin UI.
 * The plain direction marks (U+200E, U+200F, U+061C) stay allowed: right-to-left names need them.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * One line of text a person typed (a name, a street, a city, a reason): nothing that hides, breaks
 * or reorders what others are shown, then trimmed, not empty, at most `max` characters.
 */
export const freeText = (field: string, max: number) =>
  z
    .string()
    .refine((s) => !CONTROL.test(s), `${field} must not contain control characters (NUL, tab, line breaks and the like)`)
    .refine(
      (s) => !BIDI_CONTROL.test(s),
      `${field} must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)`,
    )
    .refine((s) => s.isWellFormed(), `${field} must be well-formed Unicode (no lone surrogate)`)
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`);

/** Controls other than the line feed (and the carriage return before it) and the tab. */
const CONTROL_BUT_LINES = /(?![\n\t])[\p{Cc}\u2028\u2029]|\r(?!\n)/u;

/**
 * Text in paragraphs (a product description): line breaks and tabs allowed, nothing else that hides
 * or reorders what others are shown; trimmed, at most `max` characters (it may be empty).
 */
export const paragraphs = (field: string, max: number) =>
  z
    .string()
    .refine(
      (s) => !CONTROL_BUT_LINES.test(s.replace(/\r\n/g, "\n")),
      `${field} must not contain control characters other than line breaks and tabs`,
    )
    .refine(
      (s) => !BIDI_CONTROL.test(s),
      `${field} must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)`,
    )
    .refine((s) => s.isWellFormed(), `${field} must be well-formed Unicode (no lone surrogate)`)
    .trim()
    .max(max, `${field} must be at most ${max} characters`);
