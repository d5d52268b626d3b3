import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isJsonObject } from './json';
import { upgradeState } from './state-upgrade';
import type { WorldState } from './world-state';

/**
 * The simulated Azure on disk, so a sandbox restart keeps Azure consistent with the bot's own store. Writes go to a
 * temporary file renamed over the target: a crash mid-write never leaves half a world.
 */
export class StateFile {
  private counter = 0;

  constructor(readonly path: string) {}

  /** The saved world, or undefined when there is none yet. Throws on a file that is not a simulator state. */
  load(): WorldState | undefined {
    if (!existsSync(this.path)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new Error(
        `simulator state file ${this.path} is not valid JSON (delete it to start from the seed)`,
        {
          cause: error,
        },
      );
    }
    if (!isWorldState(parsed)) {
      throw new Error(
        `simulator state file ${this.path} is not a version 1 simulator state (delete it to start from the seed)`,
      );
    }
    return upgradeState(parsed);
  }

  save(state: WorldState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    this.counter += 1;
    const temp = `${this.path}.${process.pid}.${this.counter}.tmp`;
    writeFileSync(temp, JSON.stringify(state, null, 1), { encoding: 'utf8', mode: 0o600 });
    renameSync(temp, this.path);
  }
}

const ARRAYS = [
  'resourceGroups',
  'servers',
  'factories',
  'operations',
  'scheduled',
  'queuedFailures',
] as const;

function isWorldState(value: unknown): value is WorldState {
  if (!isJsonObject(value) || value['version'] !== 1 || typeof value['sequence'] !== 'number') return false;
  return ARRAYS.every((key) => Array.isArray(value[key]));
}
