import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedActions } from '../../../src/doctor/expected-actions';
import { report } from '../../../src/doctor/report';

const roleActions = (file: string) =>
  (JSON.parse(readFileSync(join(__dirname, '../../../deploy/roles', file), 'utf8')) as { Actions: string[] })
    .Actions;
const OWN = 'Microsoft.Authorization/permissions/read';
const sorted = (a: readonly string[]) => [...a].sort();

describe('what npm run doctor expects on each watched scope', () => {
  it('is exactly the role files of deploy/roles, split by provider (the permissions read is what the check itself uses)', () => {
    const reader = roleActions('private-link-bot-reader.json').filter((a) => a !== OWN);
    expect(sorted([...expectedActions('user', 'servers'), ...expectedActions('user', 'factories')])).toEqual(
      sorted(reader),
    );
    expect(expectedActions('user', 'servers').every((a) => a.startsWith('Microsoft.DBforPostgreSQL/'))).toBe(
      true,
    );
    expect(sorted(expectedActions('bot', 'servers'))).toEqual(
      sorted(roleActions('postgres-private-link-approver.json').filter((a) => a !== OWN)),
    );
    expect(sorted(expectedActions('bot', 'factories'))).toEqual(
      sorted(roleActions('datafactory-private-link-connector.json').filter((a) => a !== OWN)),
    );
  });
});

describe('the doctor report', () => {
  it('fails (exit 1) on a failed check, not on a check it could not make', () => {
    const okay = { check: 'store', status: 'ok' as const, detail: 'fine' };
    const notMade = { check: 'Teams channel', status: 'unchecked' as const, detail: 'give --bot' };
    expect(report([okay, notMade]).exitCode).toBe(0);
    expect(report([okay, notMade]).lines.at(-1)).toMatch(/1 could not be made/);
    const failed = report([okay, { check: 'OAuth connection', status: 'fail', detail: 'wrong name' }]);
    expect(failed.exitCode).toBe(1);
    expect(failed.lines).toContain('FAIL  OAuth connection: wrong name');
  });
});
