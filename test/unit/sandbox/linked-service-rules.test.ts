import { postgresV2Problem } from '../../../src/sandbox/linked-service-rules';

/** The Azure Database for PostgreSQL connector (version 2.0): what a linked service needs, in the connector's order. */
const basic = {
  server: 'pg.postgres.database.azure.com',
  port: 5432,
  database: 'orders',
  sslMode: 3,
  authenticationType: 'BasicAuth',
  username: 'adfreader',
  password: { type: 'SecureString', value: 'x' },
};

describe('postgresV2Problem', () => {
  it.each([
    ['BasicAuth with username and password', basic],
    ['port and sslMode left to their defaults', { ...basic, port: undefined, sslMode: undefined }],
    ['port as a string, as the connector page writes it', { ...basic, port: '5432' }],
    [
      'a Key Vault password',
      { ...basic, password: { type: 'AzureKeyVaultSecret', store: {}, secretName: 'pw' } },
    ],
    ['an expression for sslMode', { ...basic, sslMode: { type: 'Expression', value: '@pipeline().x' } }],
    [
      'the system-assigned identity',
      { ...basic, authenticationType: 'SystemAssignedManagedIdentity', password: undefined },
    ],
    [
      'a user-assigned identity with its credential',
      {
        ...basic,
        authenticationType: 'UserAssignedManagedIdentity',
        credential: { type: 'CredentialReference', referenceName: 'uami' },
      },
    ],
    [
      'a service principal key',
      {
        ...basic,
        authenticationType: 'ServicePrincipal',
        tenant: 't',
        servicePrincipalId: 'id',
        servicePrincipalCredentialType: 'ServicePrincipalKey',
        servicePrincipalKey: { type: 'SecureString', value: 'k' },
      },
    ],
  ])('none for %s', (_what, tp) => {
    expect(postgresV2Problem(JSON.parse(JSON.stringify(tp)))).toBeUndefined();
  });

  it.each([
    ['no authenticationType', { ...basic, authenticationType: undefined }, 'Missing', 'authenticationType'],
    [
      'Basic, which belongs to other connectors',
      { ...basic, authenticationType: 'Basic' },
      'Invalid',
      'authenticationType',
    ],
    ['no server', { ...basic, server: undefined }, 'Missing', 'server'],
    ['an empty database', { ...basic, database: '' }, 'Missing', 'database'],
    ['port 0', { ...basic, port: 0 }, 'Invalid', 'port'],
    ['sslMode 6', { ...basic, sslMode: 6 }, 'Invalid', 'sslMode'],
    ['sslMode by name', { ...basic, sslMode: 'Require' }, 'Invalid', 'sslMode'],
    ['BasicAuth without password', { ...basic, password: undefined }, 'Missing', 'password'],
    ['BasicAuth without username', { ...basic, username: undefined }, 'Missing', 'username'],
    [
      'a user-assigned identity without credential',
      { ...basic, authenticationType: 'UserAssignedManagedIdentity' },
      'Missing',
      'credential',
    ],
    [
      'a service principal without tenant',
      { ...basic, authenticationType: 'ServicePrincipal', servicePrincipalId: 'id' },
      'Missing',
      'tenant',
    ],
    [
      'a service principal certificate without the certificate',
      {
        ...basic,
        authenticationType: 'ServicePrincipal',
        tenant: 't',
        servicePrincipalId: 'id',
        servicePrincipalCredentialType: 'ServicePrincipalCert',
      },
      'Missing',
      'servicePrincipalEmbeddedCert',
    ],
  ])('%s', (_what, tp, kind, property) => {
    expect(postgresV2Problem(JSON.parse(JSON.stringify(tp)))).toEqual({
      code: `UserError${kind}${kind === 'Missing' ? 'PropertyInPayload' : 'ValueInPayload'}`,
      message: expect.stringContaining(`'${property}'`),
    });
  });
});
