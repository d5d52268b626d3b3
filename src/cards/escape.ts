/**
 * TextBlock and FactSet render markdown, links included, so text that comes from users or from Azure (names,
 * descriptions, error messages) must not be able to turn into a link or formatting: `[x](https://evil)` has to
 * stay visible text. CommonMark backslash escapes do this in Teams (desktop, web) and the JS renderer.
 *
 * Only characters that start markup are escaped (with `[` escaped, `](` can no longer form a link; `<` stops
 * autolinks), so ordinary names like `pg-orders` or `v1.2 (beta)` keep their look in renderers that would show
 * a stray backslash. Bare URLs may still be made clickable by the client; they are shown as written. `${...}` needs no escaping: templates are constant
 * and expanded once, and data values are inserted literally.
 */
const INLINE_MARKUP = /[\\`*_[\]~<>]/g;
/** Block markup only counts at the start of a line: headings, quotes, list items, numbered items. */
const LINE_START_MARKUP = /^(\s*)([#>+-]|\d+[.)])/gm;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INLINE_MARKUP, (ch) => `\\${ch}`)
    .replace(LINE_START_MARKUP, (_m, indent: string, marker: string) => `${indent}${escapeMarker(marker)}`);
}

function escapeMarker(marker: string): string {
  // "12." → "12\." ; "-" → "\-"
  return /^\d/.test(marker) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}` : `\\${marker}`;
}
