import { AppError } from '../../../src/errors';
import { assertNoSecrets } from '../../../src/store';

describe('secret guard', () => {
  it.each([
    ['a top-level password', { password: 'hunter2' }, '$.password'],
    ['a nested password in any casing', { flow: { steps: [{ Password: 'x' }] } }, '$.flow.steps[0].Password'],
    [
      'the gateway typed-password secret',
      { secret: { kind: 'password', value: 's3cret' } },
      '$.secret.value',
    ],
    ['a pwd field', { login: { pwd: 'hunter2' } }, '$.login.pwd'],
    ['a dbPassword field', { dbPassword: 'hunter2' }, '$.dbPassword'],
    ['a passwd field', { PASSWD: 'hunter2' }, '$.PASSWD'],
    [
      'a connection string with Password=',
      { note: 'Host=pg-orders;Database=sales;Username=adf;Password=hunter2;Ssl Mode=Require' },
      '$.note',
    ],
    ['a libpq string with password =', { conn: ['host=pg dbname=x password = hunter2'] }, '$.conn[0]'],
    [
      'a JSON Web Token in any string',
      { cached: 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJoIn0.hunter2sig' },
      '$.cached',
    ],
  ])('refuses %s', (_label, value, where) => {
    let caught: unknown;
    try {
      assertNoSecrets(value);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).message).toContain(where);
    // The error never carries the secret itself.
    expect(JSON.stringify(caught) + String((caught as AppError).message)).not.toMatch(/hunter2|s3cret/);
    expect(JSON.stringify(caught)).not.toMatch(/eyJ/);
  });

  it.each([
    ['an empty password field', { password: '' }],
    ['a non-string password field', { password: { kind: 'keyVault' } }],
    [
      'a Key Vault secret reference',
      { secret: { kind: 'keyVault', keyVaultLinkedService: 'kv', secretName: 'pg' } },
    ],
    ['the word password in a value', { prompt: 'Type your password in the masked field' }],
    ['a password kind without value', { secret: { kind: 'password', value: '' } }],
    ['a Key Vault secret name and version', { secretName: 'pg-password', secretVersion: 'abc' }],
    ['a password source choice', { passwordSource: 'keyVault' }],
    ['prose about a bearer', { reason: 'approved for the bearer bond desk' }],
    ['an LRO resume token', { resumeToken: '{"state":{"config":{"operationLocation":"https://x/op"}}}' }],
  ])('accepts %s', (_label, value) => {
    expect(() => assertNoSecrets(value)).not.toThrow();
  });

  it('copes with cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    expect(() => assertNoSecrets(a)).not.toThrow();
  });
});
