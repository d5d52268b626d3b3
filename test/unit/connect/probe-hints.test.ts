import { classifyFailure, hintFor, type FailureKind } from '../../../src/connect/probe-hints';

/** How Data Factory wraps a source-side failure of a Lookup on PostgreSQL. */
const wrap = (inner: string) =>
  `Failure happened on 'Source' side. ErrorCode=AzurePostgreSqlConnectionFailed,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=${inner},Source=Microsoft.DataTransfer.Connectors.AzurePostgreSql,'`;

const CONTEXT = {
  server: 'pg-orders',
  database: 'orders',
  username: 'adf_reader',
  endpoint: 'mpe-pg-orders',
  runtime: 'ManagedVnetIR',
};

describe('plain-language hints for a failed connection test', () => {
  const cases: Array<[string, FailureKind, RegExp]> = [
    [
      wrap('3D000: database "orders" does not exist'),
      'wrong-database',
      /no database named "orders".*case-sensitive/,
    ],
    [
      wrap('28000: no pg_hba.conf entry for host "10.0.0.4", user "adf_reader", database "orders", SSL off'),
      'tls-required',
      /only accepts encrypted connections.*Require/,
    ],
    [
      wrap('28P01: password authentication failed for user "adf_reader"'),
      'authentication',
      /refused the sign-in of "adf_reader"/,
    ],
    [
      wrap(
        "Failed to connect to 'pg-orders.postgres.database.azure.com:5432': the host is unreachable from integration runtime 'ManagedVnetIR'. The managed private endpoint 'mpe-pg-orders' to server 'pg-orders' is not approved (status: Pending, provisioning: Succeeded).",
      ),
      'not-approved',
      /mpe-pg-orders is not approved yet.*Ask the owner of pg-orders/,
    ],
    [
      'The AzureKeyVault linked service ls-keyvault could not get secret pg-secret: Forbidden',
      'key-vault',
      /could not read the password from Key Vault/,
    ],
    ['Something nobody has seen before', 'unknown', /Azure's message above/],
  ];

  it.each(cases)('%#: %s', (message, kind, hint) => {
    expect(classifyFailure(message)).toBe(kind);
    expect(hintFor(kind, CONTEXT)).toMatch(hint);
  });

  it('has a hint for every kind', () => {
    const kinds: FailureKind[] = [
      'wrong-database',
      'tls-required',
      'authentication',
      'key-vault',
      'not-approved',
      'runtime',
      'unknown',
    ];
    for (const kind of kinds) expect(hintFor(kind, CONTEXT).length).toBeGreaterThan(20);
  });
});
