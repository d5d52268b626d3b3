import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApprovalModule } from '../../../src/approvals/approval-module';
import { EXPIRY_ACTOR } from '../../../src/approvals/expiry';
import { parseDuration } from '../../../src/config/request-timer-settings';
import { AzureAccess } from '../../../src/identity/access';
import type { Identity } from '../../../src/identity/identity';
import { SqliteStore } from '../../../src/store';
import { seededConnection, serverRef, startSandboxAzure } from '../../helpers/sandbox-azure';

/**
 * ACT_AS=user, and the bot stopped between claiming an expiry and writing it. At the next start the leader's
 * sweep resumes claimed decisions: a person's claim cannot be written without their (never stored) token, but an
 * expiry is the bot's own decision and is written with the bot's identity.
 */
jest.setTimeout(30_000);

it('resumes an interrupted expiry with the bot identity, where a person would have to tap again', async () => {
  const { sim, gateway } = await startSandboxAzure(); // the bot may write (as EXPIRE_AFTER requires)
  const dir = mkdtempSync(join(tmpdir(), 'pl-expiry-'));
  // Claims stamped a minute ago: older than the sweep's grace for claims another instance may still be taking up.
  const store = new SqliteStore({ path: join(dir, 'bot.sqlite'), now: () => new Date(Date.now() - 60_000) });
  const identity = { mode: 'user', bot: { kind: 'bot', gateway } } as unknown as Identity;
  const approvals = createApprovalModule(
    gateway,
    store,
    {
      allowedTenantIds: [],
      access: new AzureAccess(),
      identity,
      pollIntervalSeconds: 3600,
      decisionRetryBackoffMs: 50,
      requestTimers: {
        remindAfter: undefined,
        escalateAfter: undefined,
        expireAfter: parseDuration('EXPIRE_AFTER', '120s'),
      },
    },
    pino({ level: 'silent' }),
  );
  try {
    const personal = sim.world.requestConnection(serverRef('pg-sandbox'), {
      privateEndpointId:
        '/subscriptions/7/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-x',
      requestMessage: 'please',
    });
    await approvals.watcher.cycle();
    const [expiring, tapped] = await Promise.all(
      [seededConnection.connectionName, personal.name].map(async (name) =>
        (await store.requests.listOpen()).find((r) => r.connectionName === name),
      ),
    );
    // As left by a process that died right after claiming: no operation started, nobody carrying them.
    await store.decisions.claimDecision(expiring!.id, {
      decision: 'Rejected',
      actorId: EXPIRY_ACTOR.aadObjectId,
      actorName: EXPIRY_ACTOR.name,
      reason: 'Expired after 120s without a decision',
    });
    await store.decisions.claimDecision(tapped!.id, {
      decision: 'Approved',
      actorId: '33333333-3333-3333-3333-333333333333',
      actorName: 'Avery Approver',
    });

    expect(await approvals.sweepDecisions()).toBe(2);
    await approvals.runner.idle();

    expect(sim.world.getConnection(seededConnection)).toMatchObject({
      status: 'Rejected',
      description: 'Rejected by Private Link bot via Teams: Expired after 120s without a decision',
    });
    expect((await store.requests.get(expiring!.id))?.status).toBe('rejected');
    expect(
      sim.world.getConnection({ server: serverRef('pg-sandbox'), connectionName: personal.name })?.status,
    ).toBe('Pending');
    expect(await store.requests.get(tapped!.id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('tap Approve or Reject again'),
    });
  } finally {
    await approvals.stop();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
