import { inflateSync } from 'node:zlib';
import { crc32 } from '../../../scripts/crc32';

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** RGBA, 4 bytes per pixel; only 8-bit RGBA and RGB input are supported (what icons use). */
  pixels: Uint8Array;
}

const SIGNATURE = '89504e470d0a1a0a';

/** Decodes an 8-bit RGB/RGBA, non-interlaced PNG, undoing all five row filters and checking chunk CRCs. */
export function decodePng(png: Buffer): DecodedPng {
  if (png.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG');
  let at = 8;
  let header:
    { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length))
      throw new Error(`${type}: bad CRC`);
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8]!,
        colorType: data[9]!,
        interlace: data[12]!,
      };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (!header) throw new Error('no IHDR');
  const { width, height, bitDepth, colorType } = header;
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (bitDepth !== 8 || channels === 0 || header.interlace !== 0) {
    throw new Error(
      `unsupported PNG: depth ${bitDepth}, colour type ${colorType}, interlace ${header.interlace}`,
    );
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = unfilter(raw, stride, height, channels);
  const pixels = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) pixels[p * 4 + c] = rows[p * channels + c]!;
    pixels[p * 4 + 3] = channels === 4 ? rows[p * channels + 3]! : 255;
  }
  return { width, height, bitDepth, colorType, pixels };
}

function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array {
  if (raw.length !== (stride + 1) * height)
    throw new Error(`image data is ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const upLeft = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      out[y * stride + x] = (value + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return Math.floor((left + up) / 2);
    case 4: {
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}
