import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { APP_TYPES, loadConfig } from '../../../src/config';
import { SETTING_NAMES } from '../../../src/config/setting-names';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLE = readFileSync(join(ROOT, '.env.sample'), 'utf8');

describe('.env.sample', () => {
  it('copied as is to .env, starts the sandbox with the documented defaults', () => {
    const config = loadConfig(parse(SAMPLE), { cwd: '/srv/bot' });
    expect(config.mode).toBe('sandbox');
    expect(config.http.port).toBe(3978);
    expect(config.sandbox?.armPort).toBe(3979);
    expect(config.dataDir).toBe('/srv/bot/data');
  });

  it('documents every variable the config reads (the list read() is typed against)', () => {
    const documented = new Set(Object.keys(parse(SAMPLE)));
    expect(SETTING_NAMES.filter((v) => !documented.has(v))).toEqual([]);
  });

  it('offers exactly the MicrosoftAppType values the config accepts', () => {
    const lines = SAMPLE.split('\n');
    // The comment line above the setting, without its parenthesised remarks (which may name a refused value).
    const comment = (lines[lines.findIndex((l) => l.startsWith('MicrosoftAppType=')) - 1] ?? '').replace(
      /\([^)]*\)/g,
      '',
    );
    const offered = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'].filter((t) => comment.includes(t));
    expect(offered).toEqual([...APP_TYPES]);
  });
});
