import { crc32 } from '../../../scripts/crc32';
import { encodePng } from '../../../scripts/png';
import { createZip } from '../../../scripts/zip';
import { decodePng } from './png-reader';
import { readZip } from './zip-reader';

describe('the pure-Node archive and image writers', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('zip round-trips deflated and stored entries', () => {
    const text = Buffer.from('manifest '.repeat(200));
    const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff));
    const files = readZip(
      createZip([
        { name: 'a.json', data: text },
        { name: 'b.bin', data: noise },
        { name: 'empty', data: Buffer.alloc(0) },
      ]),
    );
    expect([...files.keys()]).toEqual(['a.json', 'b.bin', 'empty']);
    expect(files.get('a.json')!.equals(text)).toBe(true);
    expect(files.get('b.bin')!.equals(noise)).toBe(true);
    expect(files.get('empty')!.length).toBe(0);
  });

  it('zip refuses names that would escape the archive root', () => {
    expect(() => createZip([{ name: '/etc/x', data: Buffer.alloc(1) }])).toThrow(/relative/);
    expect(() => createZip([{ name: 'a\\b', data: Buffer.alloc(1) }])).toThrow(/relative/);
  });

  it('png round-trips RGBA pixels', () => {
    const pixels = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 41) & 0xff);
    const decoded = decodePng(encodePng({ width: 3, height: 2, pixels }));
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).toBe(true);
  });
});
