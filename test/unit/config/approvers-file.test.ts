import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerApprovers } from '../../../src/approvals/approvers-file';
import { ConfigError } from '../../../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'approvers-'));
function file(content: string): string {
  const path = join(dir, `a${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
}

describe('APPROVERS_FILE', () => {
  it('reads per-server approver lists', () => {
    const approvers = loadServerApprovers(
      file('{"servers":{"pg-orders":["33333333-3333-3333-3333-333333333333"]}}'),
    );
    expect(approvers.get('pg-orders')).toEqual(['33333333-3333-3333-3333-333333333333']);
    expect(loadServerApprovers(undefined).size).toBe(0);
  });

  it.each([
    ['not JSON', '{servers:', /cannot read .* as JSON/],
    ['no servers', '{}', /servers/],
    [
      'not a GUID',
      '{"servers":{"pg-orders":["alice@contoso.com"]}}',
      /servers\.pg-orders\.0 must be an Entra object id/,
    ],
    ['an empty list', '{"servers":{"pg-orders":[]}}', /servers\.pg-orders/],
  ])('refuses %s, naming the variable', (_what, content, message) => {
    const call = () => loadServerApprovers(file(content));
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(/^APPROVERS_FILE: /);
    expect(call).toThrow(message);
  });
});
