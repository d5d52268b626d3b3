import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ICONS, renderIcon, type IconName } from '../../../scripts/make-icons';

const MANIFEST_DIR = join(__dirname, '../../../manifest');
const committed = (icon: IconName) => PNG.sync.read(readFileSync(join(MANIFEST_DIR, icon)));

describe('app icons', () => {
  it('color.png is a 192×192 opaque full-colour image', () => {
    const png = committed('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    const colours = new Set<number>();
    let translucent = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
      if (png.data[i + 3] !== 255) translucent++;
    }
    expect(translucent).toBe(0); // opaque: Teams shows it on any background
    expect(colours.size).toBeGreaterThan(3);
  });

  it('outline.png is 32×32, white on transparent: every visible pixel is white', () => {
    const png = committed('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    const notWhite: string[] = [];
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
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

  it.each(Object.keys(ICONS) as IconName[])(
    'the committed %s is what its SVG source renders to, pixel by pixel',
    (icon) => {
      const fresh = PNG.sync.read(renderIcon(icon));
      const png = committed(icon);
      expect([png.width, png.height]).toEqual([fresh.width, fresh.height]);
      // Decoded pixels, so a change of encoder or compression alone is no failure; a 1-step tolerance absorbs
      // anti-aliasing rounding across renderer versions.
      let differing = 0;
      for (let i = 0; i < png.data.length; i++) if (Math.abs(png.data[i]! - fresh.data[i]!) > 1) differing++;
      expect(differing).toBe(0);
    },
  );
});
