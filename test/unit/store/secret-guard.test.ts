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
  ])('accepts %s', (_label, value) => {
    expect(() => assertNoSecrets(value)).not.toThrow();
  });

  it('copes with cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    expect(() => assertNoSecrets(a)).not.toThrow();
  });
});
