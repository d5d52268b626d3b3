import { unzipSync } from 'fflate';
import { createZip } from '../../../scripts/zip';

describe('the Teams package zip writer', () => {
  it('round-trips compressible, incompressible and empty entries', () => {
    const text = Buffer.from('manifest '.repeat(200));
    const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff));
    const files = unzipSync(
      createZip([
        { name: 'a.json', data: text },
        { name: 'b.bin', data: noise },
        { name: 'empty', data: Buffer.alloc(0) },
      ]),
    );
    expect(Object.keys(files)).toEqual(['a.json', 'b.bin', 'empty']);
    expect(Buffer.from(files['a.json']!).equals(text)).toBe(true);
    expect(Buffer.from(files['b.bin']!).equals(noise)).toBe(true);
    expect(files['empty']!.length).toBe(0);
  });

  it('writes the same bytes for the same inputs (fixed time stamps), whatever the clock says', () => {
    const entries = [{ name: 'manifest.json', data: Buffer.from('{}') }];
    const first = createZip(entries);
    jest.useFakeTimers({ now: new Date('2031-07-04T12:34:56Z') });
    try {
      expect(createZip(entries).equals(first)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each(['../evil', 'a/../../evil', '/etc/passwd', 'a\\b', 'C:/x', './a', 'a//b', 'a/', '', 'caf\u00e9'])(
    'refuses the entry name %j, which could land outside the folder it is extracted into',
    (name) => {
      expect(() => createZip([{ name, data: Buffer.alloc(1) }])).toThrow(/relative path inside the archive/);
    },
  );

  it('refuses the same name twice', () => {
    const data = Buffer.alloc(1);
    expect(() =>
      createZip([
        { name: 'a', data },
        { name: 'a', data },
      ]),
    ).toThrow(/twice/);
  });
});
