import type { RgbaImage } from './png';

/** A shape is a point-in-shape test in pixel units (the pixel at column i covers x from i to i+1). */
export type Shape = (x: number, y: number) => boolean;
export type Rgb = readonly [number, number, number];

/** Samples per pixel side: 4×4 = 16 samples give smooth edges without a real rasteriser. */
const SUPERSAMPLE = 4;

/** A tiny software canvas: enough to draw the two app icons from circles, ellipses and strokes. */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 4);
  }

  /** Paints `color` over the canvas where `shape` covers it ("source over" blending with edge coverage). */
  fill(shape: Shape, color: Rgb, opacity = 1): void {
    this.forEachCovered(shape, (i, coverage) => {
      const a = coverage * opacity;
      const da = this.pixels[i + 3]! / 255;
      const outA = a + da * (1 - a);
      for (let c = 0; c < 3; c++) {
        const blended = (color[c]! * a + this.pixels[i + c]! * da * (1 - a)) / outA;
        this.pixels[i + c] = Math.round(blended);
      }
      this.pixels[i + 3] = Math.round(outA * 255);
    });
  }

  /** Makes the canvas transparent where `shape` covers it (cut-outs in the outline icon). */
  erase(shape: Shape): void {
    this.forEachCovered(shape, (i, coverage) => {
      this.pixels[i + 3] = Math.round(this.pixels[i + 3]! * (1 - coverage));
    });
  }

  toImage(): RgbaImage {
    return { width: this.width, height: this.height, pixels: this.pixels };
  }

  private forEachCovered(shape: Shape, paint: (index: number, coverage: number) => void): void {
    const step = 1 / SUPERSAMPLE;
    for (let py = 0; py < this.height; py++) {
      for (let px = 0; px < this.width; px++) {
        let hits = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy++) {
          for (let sx = 0; sx < SUPERSAMPLE; sx++) {
            if (shape(px + (sx + 0.5) * step, py + (sy + 0.5) * step)) hits++;
          }
        }
        if (hits > 0) paint((py * this.width + px) * 4, hits / (SUPERSAMPLE * SUPERSAMPLE));
      }
    }
  }
}

// --- shapes -------------------------------------------------------------------------------------------------

export const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;

export const ellipse =
  (cx: number, cy: number, rx: number, ry: number): Shape =>
  (x, y) =>
    ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

export const circle = (cx: number, cy: number, r: number): Shape => ellipse(cx, cy, r, r);

/** A ring along an ellipse's edge, `width` wide: distance estimated as |f| / |grad f| (first-order, exact on circles). */
export const ellipseRing =
  (cx: number, cy: number, rx: number, ry: number, width: number): Shape =>
  (x, y) => {
    const u = x - cx;
    const v = y - cy;
    const f = (u / rx) ** 2 + (v / ry) ** 2 - 1;
    const gradient = Math.hypot((2 * u) / rx ** 2, (2 * v) / ry ** 2);
    return gradient > 0 && Math.abs(f) / gradient <= width / 2;
  };

/** A polyline through the points [x0, y0, x1, y1, ...], stroked `width` wide with round joins and caps. */
export const stroke =
  (width: number, xy: readonly number[]): Shape =>
  (x, y) => {
    for (let i = 2; i + 1 < xy.length; i += 2) {
      if (distanceToSegment(x, y, [xy[i - 2]!, xy[i - 1]!], [xy[i]!, xy[i + 1]!]) <= width / 2) return true;
    }
    return false;
  };

export const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

export const intersect =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.every((s) => s(x, y));

export const below =
  (y0: number): Shape =>
  (_x, y) =>
    y >= y0;

function distanceToSegment(
  x: number,
  y: number,
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSquared));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
