import { postgresEndpointOf } from '../../../src/sandbox/postgres-endpoint';

describe('postgresEndpointOf', () => {
  it('reads the version 2.0 form', () => {
    expect(
      postgresEndpointOf({
        type: 'AzurePostgreSql',
        version: '2.0',
        typeProperties: {
          server: 'pg.postgres.database.azure.com',
          port: '6432',
          database: 'orders',
          username: 'u',
          sslMode: 0,
          authenticationType: 'BasicAuth',
          password: { type: 'SecureString', value: 'x' },
        },
      }),
    ).toEqual({
      host: 'pg.postgres.database.azure.com',
      port: 6432,
      database: 'orders',
      username: 'u',
      sslMode: 0,
    });
  });

  const v2 = (typeProperties: Record<string, unknown>) => ({
    type: 'AzurePostgreSql',
    typeProperties: {
      server: 'h',
      database: 'd',
      authenticationType: 'SystemAssignedManagedIdentity',
      ...typeProperties,
    },
  });

  it.each([
    [undefined, 2],
    [3, 3],
    ['1', 1],
  ])('sslMode %p means %p', (sslMode, expected) => {
    const endpoint = postgresEndpointOf(v2(sslMode !== undefined ? { sslMode } : {}));
    expect(endpoint).toMatchObject({ sslMode: expected });
    expect(endpoint?.problem).toBeUndefined();
  });

  it.each(['Require', 'verify-full', 6, -1])('sslMode %p is a problem the connector reports', (sslMode) => {
    expect(postgresEndpointOf(v2({ sslMode }))?.problem).toMatchObject({
      code: 'UserErrorInvalidValueInPayload',
      message: expect.stringContaining("'sslMode'"),
    });
  });

  it('reads a legacy connection string, plain or SecureString; EncryptionMethod=0 or none means no encryption', () => {
    const cs = 'host=pg.postgres.database.azure.com;port=5432;database=orders;uid=adf;EncryptionMethod=1';
    expect(postgresEndpointOf({ type: 'AzurePostgreSql', typeProperties: { connectionString: cs } })).toEqual(
      {
        host: 'pg.postgres.database.azure.com',
        port: 5432,
        database: 'orders',
        username: 'adf',
        sslMode: 3,
      },
    );
    const secure = { type: 'SecureString', value: 'Server=pg;Database=d;User Id=x' };
    expect(
      postgresEndpointOf({ type: 'AzurePostgreSql', typeProperties: { connectionString: secure } })?.sslMode,
    ).toBe(0);
  });

  it('ignores other linked service types', () => {
    expect(postgresEndpointOf({ type: 'AzureKeyVault', typeProperties: { baseUrl: 'x' } })).toBeUndefined();
  });
});
