import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { loadConfig } from '../../../src/config';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLE = readFileSync(join(ROOT, '.env.sample'), 'utf8');
/** Every file that reads a setting: src/config.ts and src/config/. */
const SOURCE = ['src/config.ts', ...readdirSync(join(ROOT, 'src', 'config')).map((f) => `src/config/${f}`)]
  .map((f) => readFileSync(join(ROOT, f), 'utf8'))
  .join('\n');

describe('.env.sample', () => {
  it('copied as is to .env, starts the sandbox with the documented defaults', () => {
    const config = loadConfig(parse(SAMPLE), { cwd: '/srv/bot' });
    expect(config.mode).toBe('sandbox');
    expect(config.http.port).toBe(3978);
    expect(config.sandbox?.armPort).toBe(3979);
    expect(config.dataDir).toBe('/srv/bot/data');
  });

  it('documents every variable the config reads', () => {
    const read = new Set(
      [...SOURCE.matchAll(/(?:read|ConfigError)\(\s*(?:env,\s*)?'([A-Za-z_]+)'/g)].map((m) => m[1]!),
    );
    const documented = new Set(Object.keys(parse(SAMPLE)));
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((v) => !documented.has(v))).toEqual([]);
  });
});
