import { DataFactoryManagementClient } from '@azure/arm-datafactory';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import {
  postgresLinkedServiceProperties,
  toLinkedServiceSummary,
} from '../../../src/azure/linked-service-body';
import type { PostgresLinkedServiceSpec } from '../../../src/azure/gateway';
import documented from '../../fixtures/azure/connector-docs/azure-postgresql-v2-linked-service.json';

type FieldRule = { required: boolean; values?: unknown[]; types?: string[] };

/** Captures what the real SDK serializer puts on the wire; the network edge is the only thing replaced. */
function capturingClient(responseBody: unknown): {
  client: DataFactoryManagementClient;
  sent: PipelineRequest[];
} {
  const sent: PipelineRequest[] = [];
  const httpClient: HttpClient = {
    sendRequest: async (request) => {
      sent.push(request);
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: JSON.stringify(responseBody),
      };
    },
  };
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  return {
    client: new DataFactoryManagementClient(credential, 'sub', { endpoint: 'https://arm.test', httpClient }),
    sent,
  };
}

const spec: PostgresLinkedServiceSpec = {
  name: 'ls-orders',
  integrationRuntime: 'ManagedVnetIR',
  server: 'pg-orders.postgres.database.azure.com',
  port: 5432,
  database: 'orders',
  username: 'adf_reader',
  sslMode: 3,
  secret: { kind: 'keyVault', keyVaultLinkedService: 'ls-keyvault', secretName: 'pg-orders-password' },
};

describe('AzurePostgreSql v2 linked service on the wire', () => {
  it('survives the SDK 12 serializer untouched', async () => {
    const properties = postgresLinkedServiceProperties(spec);
    const { client, sent } = capturingClient({ name: 'ls-orders', properties });
    await client.linkedServices.createOrUpdate('rg', 'f', 'ls-orders', { properties: properties as never });
    const body = JSON.parse(String(sent[0]!.body)) as { properties: Record<string, unknown> };
    expect(body.properties).toEqual({
      type: 'AzurePostgreSql',
      version: '2.0',
      connectVia: { type: 'IntegrationRuntimeReference', referenceName: 'ManagedVnetIR' },
      typeProperties: {
        server: 'pg-orders.postgres.database.azure.com',
        port: 5432,
        database: 'orders',
        username: 'adf_reader',
        sslMode: 3,
        authenticationType: 'BasicAuth',
        password: {
          type: 'AzureKeyVaultSecret',
          store: { type: 'LinkedServiceReference', referenceName: 'ls-keyvault' },
          secretName: 'pg-orders-password',
        },
      },
    });
  });

  it('sends a typed password as a SecureString', () => {
    const properties = postgresLinkedServiceProperties({
      ...spec,
      secret: { kind: 'password', value: 'hunter2' },
    });
    expect((properties.typeProperties as Record<string, unknown>).password).toEqual({
      type: 'SecureString',
      value: 'hunter2',
    });
  });

  it('reads v2 fields back from the raw body that the SDK model would drop', () => {
    const summary = toLinkedServiceSummary(
      { name: 'ls-orders', properties: postgresLinkedServiceProperties(spec) },
      'x',
    );
    expect(summary).toMatchObject({
      name: 'ls-orders',
      type: 'AzurePostgreSql',
      connectVia: 'ManagedVnetIR',
    });
    expect(summary.typeProperties.sslMode).toBe(3);
  });
});

/** The body checked against the connector doc's tables (a copy of them in test/fixtures), not against itself. */
describe('AzurePostgreSql v2 linked service against the documented table', () => {
  const rules = (table: Record<string, unknown>) => Object.entries(table) as Array<[string, FieldRule]>;

  it.each([
    ['a Key Vault secret', spec],
    ['a typed password', { ...spec, secret: { kind: 'password' as const, value: 'pw' } }],
  ])('with %s: every required field, only documented fields, documented values', (_how, input) => {
    const properties = postgresLinkedServiceProperties(input);
    const typeProperties = properties.typeProperties as Record<string, unknown>;
    const basic = rules(documented.basicAuthentication);
    expect(typeProperties.authenticationType).toBe('BasicAuth');
    for (const [table, body] of [
      [rules(documented.properties), properties],
      [[...rules(documented.typeProperties), ...basic], typeProperties],
    ] as const) {
      for (const [field, rule] of table) {
        if (rule.required) expect({ field, present: field in body }).toEqual({ field, present: true });
        if (rule.values && field in body) expect(rule.values).toContain(body[field]);
      }
      const known = new Set([...table.map(([field]) => field), 'typeProperties']);
      expect(Object.keys(body).filter((k) => !known.has(k))).toEqual([]);
    }
    const password = typeProperties.password as { type: string };
    expect(documented.basicAuthentication.password.types).toContain(password.type);
  });
});
