import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors';
import type { WatchScope } from '../azure/gateway';
import type { SettingName } from './setting-names';

/**
 * One small parser per kind of setting. Each takes the variable's name so that every error names it: a bad
 * setting must stop start-up with a message an operator can act on without reading code.
 */
export type Env = Readonly<Record<string, string | undefined>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ARM resource group names: 1-90 of letters, digits, `_ - . ( )`, not ending with a period. */
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
/** Flexible server names: 3-63 of lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
const SERVER_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The trimmed value, or undefined when unset or blank (dotenv writes blanks for `KEY=`). Only listed settings. */
export function read(env: Env, name: SettingName): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function parseGuid(name: string, value: string): string {
  if (!isGuid(value)) {
    throw new ConfigError(name, `"${value}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  }
  return value.toLowerCase();
}

/** Comma-separated GUIDs; duplicates are dropped, order kept. */
export function parseGuidList(name: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(items.map((item) => parseGuid(name, item)))];
}

export function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(name, `"${value}" is not a boolean (use true or false)`);
}

export function parseInteger(name: string, value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `"${value}" is not an integer`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(name, `${n} is out of range (${min}-${max})`);
  return n;
}

/** A TCP port; `allowZero` lets the OS pick a free one (tests, parallel sandboxes). */
export function parsePort(
  name: string,
  value: string | undefined,
  fallback: number,
  allowZero: boolean,
): number {
  if (value === undefined) return fallback;
  return parseInteger(name, value, allowZero ? 0 : 1, 65535);
}

/** Whole or fractional seconds, never negative; `min` guards settings where 0 would mean a busy loop. */
export function parseSeconds(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) {
    throw new ConfigError(name, `"${value}" is not a number of seconds (a non-negative number)`);
  }
  if (n < min) throw new ConfigError(name, `${n} is too small (at least ${min})`);
  return n;
}

export function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  const match = choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (!match) throw new ConfigError(name, `"${value}" is not one of ${choices.join(', ')}`);
  return match;
}

/** An https base URL without a trailing slash; http would send bearer tokens in clear text. */
export function parseHttpsUrl(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'https:')
    throw new ConfigError(name, `must be an https:// URL (got ${url.protocol}//)`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * An https URL kept exactly as written. For values another library compares as strings (botbuilder checks a
 * token's `iss` against ToBotFromChannelTokenIssuer with ===): normalising them would break the comparison.
 */
export function parseExactHttpsUrl(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  parseHttpsUrl(name, value);
  return value;
}

/** A URN such as `urn:botframework:azure`. */
export function parseUrn(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(value))
    throw new ConfigError(name, `"${value}" is not a URN (e.g. urn:botframework:azure)`);
  return value;
}

/** `subscriptionId[/resourceGroup[/serverName]]`, comma-separated. */
export function parseScopes(
  name: string,
  value: string | undefined,
  /** 3 for servers (subscription/group/server), 2 where only subscriptions and groups make sense (factories). */
  maxParts: 2 | 3 = 3,
): WatchScope[] {
  if (value === undefined) return [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return entries.map((entry) => {
    const parts = entry.split('/').map((p) => p.trim());
    if (parts.length > maxParts || parts.some((p) => p === '')) {
      const shape =
        maxParts === 3 ? 'subscriptionId[/resourceGroup[/serverName]]' : 'subscriptionId[/resourceGroup]';
      throw new ConfigError(name, `"${entry}" is not ${shape}`);
    }
    const [subscription, resourceGroup, serverName] = parts as [string, string?, string?];
    const scope: WatchScope = { subscriptionId: parseGuid(name, subscription) };
    if (resourceGroup !== undefined) {
      if (!RESOURCE_GROUP.test(resourceGroup))
        throw new ConfigError(name, `"${resourceGroup}" is not a resource group name`);
      scope.resourceGroup = resourceGroup;
    }
    if (serverName !== undefined) {
      if (!SERVER_NAME.test(serverName))
        throw new ConfigError(name, `"${serverName}" is not a flexible server name`);
      scope.serverName = serverName;
    }
    return scope;
  });
}

/** An existing file, resolved against the working directory. */
export function parseExistingFile(name: string, value: string | undefined, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  const path = isAbsolute(value) ? value : resolve(cwd, value);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new ConfigError(name, `file "${path}" does not exist`);
  return path;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
