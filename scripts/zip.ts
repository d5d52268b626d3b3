import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  /** Path inside the archive, '/'-separated; the Teams package wants its files at the root. */
  name: string;
  data: Buffer;
}

/**
 * Every entry gets the same time stamp, so the same inputs give the same zip bytes: two builds of one version can
 * be compared, and the package does not leak the build machine's clock. (fflate writes DOS local time, so the date
 * is given in local time too.)
 */
const FIXED_MTIME = new Date(2024, 0, 1, 0, 0, 0);

/**
 * A zip archive of `entries`, written by fflate (deflate level 9). Entry names must stay inside the archive: a
 * relative path of printable ASCII without backslashes, empty segments, `.` or `..`; an unzip tool would otherwise
 * write outside the folder it extracts into ("zip slip").
 */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const entry of entries) {
    assertSafeName(entry.name);
    if (entry.name in files) throw new Error(`zip entry name appears twice: ${JSON.stringify(entry.name)}`);
    files[entry.name] = [new Uint8Array(entry.data), { level: 9, mtime: FIXED_MTIME }];
  }
  return Buffer.from(zipSync(files));
}

function assertSafeName(name: string): void {
  const segments = name.split('/');
  const safe =
    /^[\x20-\x7e]+$/.test(name) &&
    !name.includes('\\') &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..') &&
    !/^[A-Za-z]:/.test(name);
  if (!safe)
    throw new Error(`zip entry name must be a relative path inside the archive: ${JSON.stringify(name)}`);
}
