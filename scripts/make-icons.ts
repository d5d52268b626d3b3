import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/**
 * Renders the two Teams app icons from their SVG sources (manifest/icons/*.svg) with resvg, a maintained SVG
 * renderer. Run with `npx tsx scripts/make-icons.ts` after changing a drawing; the PNGs it writes are committed
 * (the package needs PNGs), and a unit test checks that the committed pictures still match their sources pixel by
 * pixel (decoded, not byte for byte, so a renderer or zlib update that changes only the encoding is no failure).
 */

const MANIFEST_DIR = resolve(__dirname, '..', 'manifest');

/** Teams' sizes: 192×192 colour (store, app bar, the bot's messages), 32×32 outline (the left rail). */
export const ICONS = { 'color.png': 192, 'outline.png': 32 } as const;
export type IconName = keyof typeof ICONS;

export function svgSourceOf(icon: IconName): string {
  return join(MANIFEST_DIR, 'icons', icon.replace(/\.png$/, '.svg'));
}

export function renderIcon(icon: IconName): Buffer {
  const svg = readFileSync(svgSourceOf(icon), 'utf8');
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: ICONS[icon] } }).render();
  if (rendered.width !== ICONS[icon] || rendered.height !== ICONS[icon]) {
    throw new Error(
      `${icon}: the SVG renders ${rendered.width}×${rendered.height}, not ${ICONS[icon]} square`,
    );
  }
  return rendered.asPng();
}

function main(): void {
  for (const icon of Object.keys(ICONS) as IconName[]) {
    const file = join(MANIFEST_DIR, icon);
    writeFileSync(file, renderIcon(icon));
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) main();
