import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLOR_SIZE, ICONS, OUTLINE_SIZE } from '../../../scripts/make-icons';
import { decodePng } from './png-reader';

const MANIFEST_DIR = join(__dirname, '../../../manifest');
const read = (name: string) => readFileSync(join(MANIFEST_DIR, name));

describe('app icons', () => {
  it('color.png is a 192×192 full-colour image', () => {
    const png = decodePng(read('color.png'));
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(COLOR_SIZE).toBe(192);
    const colours = new Set<number>();
    let translucent = 0;
    for (let i = 0; i < png.pixels.length; i += 4) {
      colours.add((png.pixels[i]! << 16) | (png.pixels[i + 1]! << 8) | png.pixels[i + 2]!);
      if (png.pixels[i + 3] !== 255) translucent++;
    }
    expect(translucent).toBe(0); // opaque: Teams shows it on any background
    expect(colours.size).toBeGreaterThan(3);
  });

  it('outline.png is 32×32, white on transparent: every pixel is fully transparent or white', () => {
    const png = decodePng(read('outline.png'));
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(OUTLINE_SIZE).toBe(32);
    expect(png.colorType).toBe(6); // has an alpha channel
    let transparent = 0;
    let opaque = 0;
    const notWhite: string[] = [];
    for (let i = 0; i < png.pixels.length; i += 4) {
      const [r, g, b, a] = [png.pixels[i]!, png.pixels[i + 1]!, png.pixels[i + 2]!, png.pixels[i + 3]!];
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255)
        notWhite.push(`pixel ${i / 4}: rgba(${r},${g},${b},${a})`);
      else if (a === 255) opaque++;
    }
    expect(notWhite).toEqual([]);
    // A real drawing, not an empty or filled square.
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(32 * 2);
  });

  it('the committed icons are exactly what scripts/make-icons.ts draws', () => {
    for (const [name, draw] of Object.entries(ICONS)) {
      expect(draw().equals(read(name))).toBe(true);
    }
  });
});
