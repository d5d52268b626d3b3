import { seedWorld } from '../../../src/sandbox/seed';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';
import {
  SANDBOX_APPROVER_ID,
  SANDBOX_REQUESTER_ID,
  SANDBOX_SUBSCRIPTION_ID,
  SANDBOX_TENANT_ID,
} from '../../../src/config/sandbox-identities';
import { SANDBOX_WORLD } from '../../../src/sandbox';

const PLAYGROUND = readFileSync(join(__dirname, '..', '..', '..', '.m365agentsplayground.yml'), 'utf8');

/** The `key: value` that follows a `name: <person>` line in the playground yml. */
function personField(name: string, key: string): string | undefined {
  const block = PLAYGROUND.split(/\n\s*-?\s*(?=id: )/).find((b) => b.includes(`name: ${name}\n`));
  return block?.match(new RegExp(`\\b${key}: (\\S+)`))?.[1];
}

describe('sandbox identities agree everywhere', () => {
  it('config and simulator share the subscription', () => {
    expect(SANDBOX_WORLD.subscriptionId).toBe(SANDBOX_SUBSCRIPTION_ID);
    expect(loadConfig({}).azure.scopes).toEqual([{ subscriptionId: SANDBOX_WORLD.subscriptionId }]);
  });

  it('the playground runs in the sandbox tenant, as the approver, with the requester in the team', () => {
    expect(PLAYGROUND).toMatch(new RegExp(`^tenantId: ${SANDBOX_TENANT_ID}$`, 'm'));
    expect(personField('Avery Approver', 'aadObjectId')).toBe(SANDBOX_APPROVER_ID);
    expect(personField('Riley Requester', 'aadObjectId')).toBe(SANDBOX_REQUESTER_ID);
    expect(PLAYGROUND).toMatch(/currentUser:\n\s+id: \S+\n\s+name: Avery Approver/);
    expect(PLAYGROUND).toMatch(/name: Approvers/);
  });

  it('with ACT_AS=bot the approver is an approver by default, the requester is not (but may connect)', () => {
    const config = loadConfig({ ACT_AS: 'bot' });
    expect(config.access.approverIds).toContain(SANDBOX_APPROVER_ID);
    expect(config.access.approverIds).not.toContain(SANDBOX_REQUESTER_ID);
    expect(config.access.requesterIds).toContain(SANDBOX_REQUESTER_ID);
    expect(config.teams.allowedTenantIds).toEqual([SANDBOX_TENANT_ID]);
  });

  it('by default (ACT_AS=user) Azure says who is who: the seeded role assignments name the same people', () => {
    const config = loadConfig({});
    expect(config.access.actAs).toBe('user');
    const assignments = seedWorld('sandbox').authorization.roleAssignments;
    const holders = (scopeEnd: string) =>
      assignments.filter((a) => a.scope.endsWith(scopeEnd)).map((a) => a.principalId);
    expect(holders('/flexibleServers/pg-orders')).toEqual([SANDBOX_APPROVER_ID]);
    expect(holders('/factories/adf-contoso')).toEqual([SANDBOX_REQUESTER_ID]);
  });
});
