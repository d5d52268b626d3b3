import {
  checkDatabaseName,
  checkEndpointName,
  checkLinkedServiceName,
  checkSecretName,
  checkUserName,
  suggestEndpointName,
  suggestLinkedServiceName,
  type Check,
} from '../../../src/connect/validation';

type Case = [input: string, expected: string | RegExp];

/** `expected` is the cleaned value, or a RegExp the refusal's reason must match. */
function table(check: (input: string) => Check, cases: Case[]): void {
  it.each(cases)('%j → %s', (input, expected) => {
    const result = check(input);
    if (typeof expected === 'string') expect(result).toEqual({ ok: true, value: expected });
    else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(expected);
    }
  });
}

describe('managed private endpoint names (Data Factory REST spec)', () => {
  table(checkEndpointName, [
    ['mpe-pg-sandbox', 'mpe-pg-sandbox'],
    ['  mpe_1  ', 'mpe_1'],
    ['a', 'a'],
    ['_x_', '_x_'],
    ['x'.repeat(127), 'x'.repeat(127)],
    ['x'.repeat(128), /at most 127/],
    ['', /empty/],
    ['-mpe', /must not start or end with a dash/],
    ['mpe-', /must not start or end with a dash/],
    ['mpe.pg', /only letters, digits, underscores and dashes/],
    ['mpe pg', /only letters, digits, underscores and dashes/],
    ['mpé', /only letters/],
    ['mpe\u0007', /control characters/],
  ]);
});

describe('linked service names (Data Factory naming rules)', () => {
  table(checkLinkedServiceName, [
    ['ls_pg_sandbox', 'ls_pg_sandbox'],
    ['LsOrders2', 'LsOrders2'],
    ['x'.repeat(260), 'x'.repeat(260)],
    ['x'.repeat(261), /at most 260/],
    ['_ls', /must start with a letter/],
    ['1ls', /must start with a letter/],
    ['ls-pg', /does not allow dashes/],
    ...['.', '+', '?', '/', '<', '>', '*', '%', '&', ':', '\\', '#'].map((c): Case => [
      `ls${c}pg`,
      /must not contain/,
    ]),
    ['ls pg', /without spaces/],
    ['   ', /empty/],
  ]);
});

describe('PostgreSQL database names', () => {
  table(checkDatabaseName, [
    ['sales', 'sales'],
    ['_sales$2', '_sales$2'],
    ['Sales', 'Sales'],
    ['s'.repeat(63), 's'.repeat(63)],
    ['s'.repeat(64), /at most 63/],
    ['ü'.repeat(32), /at most 63/], // 64 bytes in UTF-8
    ['1sales', /start with a letter or an underscore/],
    ['sales-db', /only letters, digits, underscores and \$/],
    ['sales db', /only letters/],
    ['template0', /system database/],
    ['', /empty/],
  ]);
});

describe('PostgreSQL user names', () => {
  table(checkUserName, [
    ['adf_reader', 'adf_reader'],
    ['pg_monitor', /reserved by PostgreSQL/],
    ['PG_anything', /reserved by PostgreSQL/],
    ['azure_superuser', /reserved role/],
    ['public', /reserved role/],
    ['adf.reader', /only letters/],
  ]);
});

describe('Key Vault secret names', () => {
  table(checkSecretName, [
    ['pg-sandbox-adf-reader', 'pg-sandbox-adf-reader'],
    ['A1', 'A1'],
    ['x'.repeat(127), 'x'.repeat(127)],
    ['x'.repeat(128), /1 to 127 characters/],
    ['pg_secret', /letters, digits and dashes only/],
    ['pg secret', /letters, digits and dashes only/],
  ]);
});

describe('suggested names', () => {
  it('proposes a free, valid endpoint name', () => {
    expect(suggestEndpointName('pg-sandbox', [])).toBe('mpe-pg-sandbox');
    expect(suggestEndpointName('pg-sandbox', ['MPE-PG-SANDBOX', 'mpe-pg-sandbox-2'])).toBe(
      'mpe-pg-sandbox-3',
    );
    expect(checkEndpointName(suggestEndpointName('x'.repeat(200), [])).ok).toBe(true);
  });

  it('proposes a valid linked service name', () => {
    expect(suggestLinkedServiceName('pg-sandbox', 'sales$db')).toBe('ls_pg_sandbox_sales_db');
    expect(checkLinkedServiceName(suggestLinkedServiceName('pg-orders', 'orders')).ok).toBe(true);
  });
});
