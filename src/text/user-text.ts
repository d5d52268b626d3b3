/**
 * The one set of rules for text a person gives the bot (chat messages, card answers, reasons, display names), so
 * that what is stored, written to Azure and shown means what it shows:
 * - Unicode NFC, so the same visible text is the same string (names compare, reasons store one way);
 * - control characters (C0, DEL, C1; NUL among them) and format characters (zero-width spaces and joiners,
 *   bidi embeddings, overrides and isolates, the byte order mark, soft hyphens) are removed: they are invisible,
 *   reorder what is displayed (U+202E), or cut text short in tools that stop at NUL;
 * - line and paragraph separators become plain line breaks (or spaces on one line), tabs spaces;
 * - leading and trailing white space goes last, so emptiness is judged on what is left.
 * Never applied to a password: a typed password must reach Azure exactly as typed.
 */
export interface CleanOptions {
  /** Keep line breaks (a reason may have several lines). Default: one line. */
  multiline?: boolean;
}

/** Cc: C0, DEL and C1 controls. Cf: format characters (zero-width, bidi controls, BOM, soft hyphen, ...). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029\v\f]/g;

export function cleanText(input: string, options: CleanOptions = {}): string {
  return input
    .split(LINE_BREAKS)
    .map((line) => line.replace(/\t/g, ' ').replace(INVISIBLE, '').trimEnd())
    .join(options.multiline ? '\n' : ' ')
    .normalize('NFC') // after the removal: a character taken out may have kept two marks from composing
    .trim();
}

/** Text from an untyped source (card data, JSON): a string cleaned, anything else empty. */
export function cleanUnknown(input: unknown, options: CleanOptions = {}): string {
  return typeof input === 'string' ? cleanText(input, options) : '';
}

/**
 * Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation forms, and the RTL
 * supplementary blocks). A name with one of them can pull neighbouring words and numbers into its direction.
 */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * A person's name for display inside a sentence: cleaned, and when it holds right-to-left letters wrapped in a
 * first-strong isolate (U+2068 … U+2069) so it cannot reorder the text around it ("Approved by <name> at 09:25").
 * Left-to-right names stay exactly as they are.
 */
export function displayName(name: string): string {
  const clean = cleanText(name);
  return RIGHT_TO_LEFT.test(clean) ? `\u2068${clean}\u2069` : clean;
}

/** The name Teams gives for the sender, cleaned; `fallback` when it is missing or nothing visible is left. */
export function personName(name: unknown, fallback = 'Someone'): string {
  return cleanUnknown(name) || fallback;
}
