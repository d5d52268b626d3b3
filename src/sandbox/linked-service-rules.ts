import { isJsonObject, stringAt, type JsonObject, type JsonValue } from './json';

/**
 * What the Azure Database for PostgreSQL connector (version 2.0) needs in `typeProperties`, and what it says when
 * something is missing or wrong. Sources: the "Linked service JSON" table of
 * https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-connect-data-factory (server, port, database,
 * sslMode 0-5, authenticationType BasicAuth | ServicePrincipal | SystemAssignedManagedIdentity |
 * UserAssignedManagedIdentity, username, password with BasicAuth, tenant/servicePrincipalId/credential type with
 * ServicePrincipal, credential with UserAssignedManagedIdentity) and the version 2.0 table of
 * https://learn.microsoft.com/azure/data-factory/connector-azure-database-for-postgresql (port default 5432, sslMode
 * default Prefer (2): where the two pages differ, the connector page's defaults are taken).
 *
 * None of this is checked when the linked service is written: the REST spec marks no AzurePostgreSql typeProperty
 * required (LinkedService.json AzurePostgreSqlLinkedServiceTypeProperties; unlike PostgreSqlV2), and Data Factory
 * does not type-check typeProperties at PUT (Azure/azure-rest-api-specs issue #25741). The connector finds the
 * problem when it runs, so the probe fails with it. The error codes and wording are UNCONFIRMED; their wrapping is
 * the real one (see probe-runs.ts). `Basic` is not a value here: it belongs to other connectors.
 */
export interface LinkedServiceProblem {
  code: 'UserErrorMissingPropertyInPayload' | 'UserErrorInvalidValueInPayload';
  message: string;
}

export const AUTHENTICATION_TYPES = [
  'BasicAuth',
  'ServicePrincipal',
  'SystemAssignedManagedIdentity',
  'UserAssignedManagedIdentity',
] as const;

const SP_CREDENTIAL_TYPES = ['ServicePrincipalKey', 'ServicePrincipalCert'];

/** The first problem of a version 2.0 `typeProperties`, in the order the connector reads them; else undefined. */
export function postgresV2Problem(tp: JsonObject): LinkedServiceProblem | undefined {
  const authenticationType = tp['authenticationType'];
  const required = ['authenticationType', 'server', 'database'];
  const byAuth: Record<string, string[]> = {
    BasicAuth: ['username', 'password'],
    ServicePrincipal: ['username', 'tenant', 'servicePrincipalId', 'servicePrincipalCredentialType'],
    UserAssignedManagedIdentity: ['credential'],
  };
  return (
    firstMissing(tp, required) ??
    oneOf(tp, 'authenticationType', AUTHENTICATION_TYPES) ??
    integerIn(tp, 'port', 1, 65535) ??
    integerIn(tp, 'sslMode', 0, 5) ??
    firstMissing(tp, typeof authenticationType === 'string' ? (byAuth[authenticationType] ?? []) : []) ??
    (authenticationType === 'ServicePrincipal' ? servicePrincipalProblem(tp) : undefined)
  );
}

function servicePrincipalProblem(tp: JsonObject): LinkedServiceProblem | undefined {
  const credentialType = stringAt(tp, 'servicePrincipalCredentialType');
  return (
    oneOf(tp, 'servicePrincipalCredentialType', SP_CREDENTIAL_TYPES) ??
    firstMissing(tp, [
      credentialType === 'ServicePrincipalCert' ? 'servicePrincipalEmbeddedCert' : 'servicePrincipalKey',
    ])
  );
}

function firstMissing(tp: JsonObject, names: readonly string[]): LinkedServiceProblem | undefined {
  const name = names.find((n) => !present(tp[n]));
  return name === undefined
    ? undefined
    : {
        code: 'UserErrorMissingPropertyInPayload',
        message: `Required property '${name}' is missing in payload.`,
      };
}

function oneOf(tp: JsonObject, name: string, values: readonly string[]): LinkedServiceProblem | undefined {
  const value = tp[name];
  if (value === undefined || isExpression(value)) return undefined;
  if (typeof value === 'string' && values.includes(value)) return undefined;
  return {
    code: 'UserErrorInvalidValueInPayload',
    message: `The value '${printed(value)}' of property '${name}' is not supported. Supported values: ${values.join(', ')}.`,
  };
}

/** Numbers may come as JSON numbers or integer strings (the connector page's example sends "port": "5432"). */
function integerIn(tp: JsonObject, name: string, min: number, max: number): LinkedServiceProblem | undefined {
  const value = tp[name];
  if (value === undefined || isExpression(value)) return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return undefined;
  return {
    code: 'UserErrorInvalidValueInPayload',
    message: `Failed to convert the value '${printed(value)}' of property '${name}' to an integer from ${min} to ${max}. Please make sure the payload structure and value are correct.`,
  };
}

function present(value: JsonValue | undefined): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** `{"type": "Expression", "value": "@..."}`: evaluated at run time, not checkable here. */
function isExpression(value: JsonValue): boolean {
  return isJsonObject(value) && stringAt(value, 'type') === 'Expression';
}

function printed(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
