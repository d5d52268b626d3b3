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

  it.each([
    [undefined, 2],
    ['Require', 3],
    ['verify-full', 5],
    ['VerifyCA', 4],
    ['1', 1],
  ])('sslMode %p means %p', (sslMode, expected) => {
    const props = {
      type: 'AzurePostgreSql',
      typeProperties: { server: 'h', database: 'd', ...(sslMode !== undefined ? { sslMode } : {}) },
    };
    expect(postgresEndpointOf(props)?.sslMode).toBe(expected);
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
