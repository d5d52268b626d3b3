import { badRequest } from './arm-errors';
import { isJsonObject, sameName, stringAt, type JsonObject, type JsonValue } from './json';
import { byName } from './lookup';
import type { EntityKind } from './datafactory-views';
import type { FactoryState } from './world-state';

/**
 * Data Factory's rules for linked services, datasets and pipelines: references must resolve when an entity is
 * written, a referenced entity cannot be deleted, and SecureString secrets are never given back in clear.
 */

export const MASK = '**********';

type ReferenceType =
  'LinkedServiceReference' | 'DatasetReference' | 'IntegrationRuntimeReference' | 'PipelineReference';

/** Every `{type: '...Reference', referenceName}` inside a body. */
function referencesIn(
  value: JsonValue,
  found: { type: ReferenceType; name: string }[] = [],
): { type: ReferenceType; name: string }[] {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (isJsonObject(value)) {
    const type = stringAt(value, 'type');
    const name = stringAt(value, 'referenceName');
    if (name !== undefined && type !== undefined && type.endsWith('Reference')) {
      found.push({ type: type as ReferenceType, name });
    }
    for (const child of Object.values(value)) referencesIn(child, found);
  }
  return found;
}

/** 400 BadRequest "invalid reference" for the first reference to something that does not exist. */
export function checkReferences(factory: FactoryState, properties: JsonObject): void {
  for (const ref of referencesIn(properties)) {
    const exists =
      ref.type === 'LinkedServiceReference'
        ? byName(factory.linkedServices, ref.name)
        : ref.type === 'DatasetReference'
          ? byName(factory.datasets, ref.name)
          : ref.type === 'IntegrationRuntimeReference'
            ? byName(factory.integrationRuntimes, ref.name)
            : ref.type === 'PipelineReference'
              ? byName(factory.pipelines, ref.name)
              : true;
    if (!exists) {
      throw badRequest(`The document creation or update failed because of invalid reference '${ref.name}'.`);
    }
  }
}

const REFERENCE_OF: Record<EntityKind, ReferenceType> = {
  linkedservices: 'LinkedServiceReference',
  datasets: 'DatasetReference',
  pipelines: 'PipelineReference',
};

/** 400 BadRequest when another entity still references the one being deleted. */
export function checkNotReferenced(factory: FactoryState, kind: EntityKind, name: string): void {
  const type = REFERENCE_OF[kind];
  const holders = [...factory.linkedServices, ...factory.datasets, ...factory.pipelines].filter(
    (e) =>
      !sameName(e.name, name) &&
      referencesIn(e.properties).some((r) => r.type === type && sameName(r.name, name)),
  );
  if (holders.length > 0) {
    throw badRequest(
      `The document cannot be deleted since it is referenced by ${holders.map((h) => h.name).join(', ')}.`,
    );
  }
}

/** A copy with every SecureString value masked, plus whether there was one (Azure then adds encryptedCredential). */
export function maskSecrets(value: JsonValue): { masked: JsonValue; hadSecret: boolean } {
  let hadSecret = false;
  const walk = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isJsonObject(v)) return v;
    if (stringAt(v, 'type') === 'SecureString' && 'value' in v) {
      hadSecret = true;
      return { type: 'SecureString', value: MASK };
    }
    return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, walk(child)]));
  };
  return { masked: walk(value), hadSecret };
}

/** The opaque credential blob Azure returns instead of secrets; it carries no secret. */
export function encryptedCredential(credentialId: string): string {
  const blob = {
    Version: '2017-11-30',
    ProtectionMode: 'Key',
    SecretContentType: 'Plaintext',
    CredentialId: credentialId,
  };
  return Buffer.from(JSON.stringify(blob)).toString('base64');
}
