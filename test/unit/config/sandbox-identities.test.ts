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

  it('the approver is an approver by default, the requester is not', () => {
    const config = loadConfig({});
    expect(config.access.approverIds).toContain(SANDBOX_APPROVER_ID);
    expect(config.access.approverIds).not.toContain(SANDBOX_REQUESTER_ID);
    expect(config.teams.allowedTenantIds).toEqual([SANDBOX_TENANT_ID]);
  });
});
