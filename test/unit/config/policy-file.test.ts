import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/errors';
import { loadPolicyFile } from '../../../src/identity/policy-file';

const dir = mkdtempSync(join(tmpdir(), 'policy-'));
function file(content: string): string {
  const path = join(dir, `p${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
}
const AVERY = '33333333-3333-3333-3333-333333333333';
const RILEY = '44444444-4444-4444-4444-444444444444';

describe('POLICY_FILE (ACT_AS=bot)', () => {
  it('reads approvers per server and requesters per factory, keys and ids compared ignoring case', () => {
    const policy = loadPolicyFile(
      'POLICY_FILE',
      file(
        JSON.stringify({
          servers: { 'PG-Orders': [AVERY.toUpperCase()] },
          factories: { 'adf-contoso': [RILEY] },
        }),
      ),
    );
    expect(policy.approvers.get('pg-orders')).toEqual(new Set([AVERY]));
    expect(policy.requesters.get('adf-contoso')).toEqual(new Set([RILEY]));
    expect(loadPolicyFile('POLICY_FILE', undefined).approvers.size).toBe(0);
  });

  it('still takes an APPROVERS_FILE with only "servers"', () => {
    const policy = loadPolicyFile('APPROVERS_FILE', file(`{"servers":{"pg-orders":["${AVERY}"]}}`));
    expect(policy.approvers.get('pg-orders')?.has(AVERY)).toBe(true);
    expect(policy.requesters.size).toBe(0);
  });

  it.each([
    [
      'not JSON, with the line of the mistake',
      '{\n  "servers": {\n    "pg-orders": [\n  }\n}',
      /line 4: not valid JSON/,
    ],
    [
      'an id that is not a GUID',
      `{\n  "servers": {\n    "pg-orders": ["alice@contoso.com"]\n  }\n}`,
      /line 3: servers\.pg-orders\.0 must be an Entra object id/,
    ],
    ['an empty list', `{\n  "factories": {\n    "adf-contoso": []\n  }\n}`, /line 3: factories\.adf-contoso/],
    [
      'an unknown key (a typo must not silently drop a rule)',
      `{\n  "servers": {},\n  "factory": {}\n}`,
      /line 3: factory /,
    ],
  ])('refuses %s, naming the variable and the file', (_what, content, message) => {
    const path = file(content);
    const call = () => loadPolicyFile('POLICY_FILE', path);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(new RegExp(`^POLICY_FILE: ${path.replace(/[.]/g, '\\.')}, `));
    expect(call).toThrow(message);
  });
});
