import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * Offline validation of the Teams app manifest against the v1.29 JSON schema. The schema file is the one copy
 * kept byte for byte from OfficeDev/microsoft-teams-app-schema (see test/fixtures/schemas/SOURCES.md); the
 * packaging script and the tests read the same file so they cannot drift apart.
 *
 * The schema is draft-04, which plain Ajv 8 refuses; ajv-draft-04 is the Ajv class for it (it is also what
 * Microsoft's own @microsoft/app-manifest validator uses, with the same options). That package was not used
 * directly: 1.1.2 requires fs-extra without declaring it, and falls back to fetching the schema over the network.
 */
export const MANIFEST_SCHEMA_PATH = resolve(
  __dirname,
  '..',
  'test',
  'fixtures',
  'schemas',
  'teams-manifest-1.29.schema.json',
);
export const MANIFEST_VERSION = '1.29';

export interface TeamsCommand {
  title: string;
  description?: string;
}

export interface TeamsCommandList {
  scopes: string[];
  commands: TeamsCommand[];
}

export interface TeamsBot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists?: TeamsCommandList[];
}

/** The parts of a manifest this project reads; the schema vouches for the rest. */
export interface TeamsManifest {
  manifestVersion: string;
  version: string;
  id: string;
  bots: TeamsBot[];
  validDomains?: string[];
  webApplicationInfo?: unknown;
  [key: string]: unknown;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    // strictTypes off: the upstream schema omits "type" next to some keywords, which strict mode reports.
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Schema errors as readable lines ("/bots/0/botId must match pattern ..."); empty when valid. */
export function manifestSchemaErrors(manifest: unknown): string[] {
  const validate = validator();
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
  );
}

export function assertValidManifest(manifest: unknown): asserts manifest is TeamsManifest {
  const errors = manifestSchemaErrors(manifest);
  if (errors.length > 0) {
    throw new Error(
      `manifest.json does not match the Teams ${MANIFEST_VERSION} schema:\n  ${errors.join('\n  ')}`,
    );
  }
  const bots = (manifest as { bots?: unknown }).bots;
  if (!Array.isArray(bots) || bots.length !== 1)
    throw new Error('manifest.json must declare exactly one bot');
}
