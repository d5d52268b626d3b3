import type { LinkedServiceSummary, PostgresLinkedServiceSpec, SecretSource } from './gateway';
import { asRecord, pick, pickString } from './raw-json';

/**
 * The AzurePostgreSql linked service in the current ("version 2.0") connector form. SDK 12 only models the old
 * connection-string form, so the whole v2 shape is sent as raw `properties`; the serializer passes unknown keys
 * through untouched (checked in test/unit/azure).
 *
 * Field by field, from the connector doc's "Version 2.0" and "Basic authentication" tables
 * (learn.microsoft.com/azure/data-factory/connector-azure-database-for-postgresql, "Linked service properties"):
 * type AzurePostgreSql (required), version "2.0" (required), authenticationType (required: `BasicAuth` for user
 * name + password; `ServicePrincipal` and, in newer docs, the managed identities are the others; `Basic` belongs
 * to other connectors and is not one of them), server (required; the host name), port (default 5432), database
 * (required), sslMode (0 Disable … 5 Verify-full, default 2 Prefer), connectVia (the integration runtime),
 * username and password (both required with BasicAuth; password a SecureString or an AzureKeyVaultSecret).
 * description is the base LinkedService's (spec entityTypes/LinkedService.json).
 */
export function postgresLinkedServiceProperties(spec: PostgresLinkedServiceSpec): Record<string, unknown> {
  return {
    type: 'AzurePostgreSql',
    version: '2.0',
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.annotations?.length ? { annotations: spec.annotations } : {}),
    connectVia: { type: 'IntegrationRuntimeReference', referenceName: spec.integrationRuntime },
    typeProperties: {
      server: spec.server,
      port: spec.port,
      database: spec.database,
      username: spec.username,
      sslMode: spec.sslMode,
      authenticationType: 'BasicAuth',
      password: secretReference(spec.secret),
    },
  };
}

function secretReference(secret: SecretSource): Record<string, unknown> {
  if (secret.kind === 'password') return { type: 'SecureString', value: secret.value };
  return {
    type: 'AzureKeyVaultSecret',
    store: { type: 'LinkedServiceReference', referenceName: secret.keyVaultLinkedService },
    secretName: secret.secretName,
    ...(secret.secretVersion ? { secretVersion: secret.secretVersion } : {}),
  };
}

/** Reads a linked service from Azure's raw JSON, so v2 fields the SDK would drop survive. */
export function toLinkedServiceSummary(raw: unknown, fallbackName: string): LinkedServiceSummary {
  const connectVia = pickString(raw, 'properties', 'connectVia', 'referenceName');
  const annotations = pick(raw, 'properties', 'annotations');
  return {
    name: pickString(raw, 'name') ?? fallbackName,
    type: pickString(raw, 'properties', 'type') ?? 'Unknown',
    typeProperties: asRecord(pick(raw, 'properties', 'typeProperties')),
    ...(connectVia ? { connectVia } : {}),
    annotations: Array.isArray(annotations)
      ? annotations.filter((a): a is string => typeof a === 'string')
      : [],
  };
}
