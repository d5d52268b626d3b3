import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodePng } from './png';
import {
  below,
  Canvas,
  circle,
  ellipse,
  ellipseRing,
  intersect,
  rect,
  type Rgb,
  stroke,
  union,
} from './raster';

/**
 * Draws the two Teams app icons: a database (the PostgreSQL server) with an "approved" check badge.
 * Run with `npx tsx scripts/make-icons.ts`; the PNGs it writes are committed, and a unit test checks that this
 * script still reproduces them byte for byte.
 */

const ACCENT: Rgb = [0x0f, 0x6c, 0xbd]; // same as accentColor in the manifest
const WHITE: Rgb = [0xff, 0xff, 0xff];
const TOP_FACE: Rgb = [0xcf, 0xe4, 0xfa];
const GREEN: Rgb = [0x13, 0xa1, 0x0e];

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

/** 192×192, full colour: Teams shows it in the store, the app bar and on the bot's messages. */
export function drawColorIcon(): Buffer {
  const c = new Canvas(COLOR_SIZE, COLOR_SIZE);
  c.fill(rect(0, 0, COLOR_SIZE, COLOR_SIZE), ACCENT);
  const [cx, top, bottom, rx, ry] = [84, 54, 138, 44, 15];
  c.fill(
    union(ellipse(cx, top, rx, ry), rect(cx - rx, top, cx + rx, bottom), ellipse(cx, bottom, rx, ry)),
    WHITE,
  );
  c.fill(ellipse(cx, top, rx - 6, ry - 4), TOP_FACE);
  for (const band of [82, 110]) {
    c.fill(
      intersect(ellipseRing(cx, band, rx, ry, 5), below(band), rect(cx - rx, 0, cx + rx, COLOR_SIZE)),
      ACCENT,
    );
  }
  // The badge sits in a ring of background colour so it reads as separate from the database.
  c.fill(circle(138, 138, 41), ACCENT);
  c.fill(circle(138, 138, 33), GREEN);
  c.fill(stroke(9, [121, 139, 133, 151, 156, 126]), WHITE);
  return encodePng(c.toImage());
}

/** 32×32, white on transparent: Teams tints it for its left rail, so only the alpha channel carries the drawing. */
export function drawOutlineIcon(): Buffer {
  const c = new Canvas(OUTLINE_SIZE, OUTLINE_SIZE);
  const [cx, top, middle, bottom, rx, ry, w] = [14, 8, 16, 24, 10, 3.5, 2];
  c.fill(
    union(
      ellipseRing(cx, top, rx, ry, w),
      stroke(w, [cx - rx, top, cx - rx, bottom]),
      stroke(w, [cx + rx, top, cx + rx, bottom]),
      intersect(ellipseRing(cx, middle, rx, ry, w), below(middle)),
      intersect(ellipseRing(cx, bottom, rx, ry, w), below(bottom)),
    ),
    WHITE,
  );
  c.erase(circle(24.5, 24.5, 8));
  c.fill(stroke(2.5, [20, 24.5, 23, 27.5, 29, 21]), WHITE);
  return encodePng(c.toImage());
}

export const ICONS = { 'color.png': drawColorIcon, 'outline.png': drawOutlineIcon } as const;

function main(): void {
  const dir = resolve(__dirname, '..', 'manifest');
  for (const [name, draw] of Object.entries(ICONS)) {
    const file = join(dir, name);
    writeFileSync(file, draw());
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) main();
