import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedWorld } from '../../../src/sandbox/seed';
import { StateFile } from '../../../src/sandbox/state-file';

describe('StateFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'state-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads nothing before the first save, then what was saved; leaves no temporary file', () => {
    const file = new StateFile(join(dir, 'a', 'world.json'));
    expect(file.load()).toBeUndefined();
    const state = seedWorld('sandbox');
    file.save(state);
    file.save(state);
    expect(file.load()).toEqual(state);
    expect(readdirSync(join(dir, 'a'))).toEqual(['world.json']);
  });

  it('refuses broken or foreign files with a hint', () => {
    const path = join(dir, 'world.json');
    writeFileSync(path, '{oops');
    expect(() => new StateFile(path).load()).toThrow(/not valid JSON \(delete it/);
    writeFileSync(path, JSON.stringify({ version: 2 }));
    expect(() => new StateFile(path).load()).toThrow(/not a version 1 simulator state/);
  });
});

describe('a world saved by an older simulator', () => {
  it('has its connection provisioning states brought to the spec values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    try {
      const old = seedWorld('sandbox');
      const connection = old.servers[0]?.connections[0];
      if (!connection) throw new Error('seed has no connection');
      (connection as { provisioningState: string }).provisioningState = 'Ready';
      const path = join(dir, 'world.json');
      writeFileSync(path, JSON.stringify(old));
      expect(new StateFile(path).load()?.servers[0]?.connections[0]?.provisioningState).toBe('Succeeded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
