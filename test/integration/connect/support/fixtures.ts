import type { ServerRef } from '../../../../src/domain/resource-ids';
import { SANDBOX_WORLD } from '../../../../src/sandbox';

export const W = SANDBOX_WORLD;
export const TENANT = 'tenant-contoso';

export const factory = (factoryName: string = W.factoryName) => ({
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  factoryName,
});

export const serverRef = (serverName: string): ServerRef => ({
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  serverName,
});

export const RITA = { id: '29:rita', name: 'Rita Requester', aadObjectId: 'aad-rita' };
export const SAM = { id: '29:sam', name: 'Sam Colleague', aadObjectId: 'aad-sam' };

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. Every wait in these tests is bounded. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(typeof what === 'string' ? what : what());
    await new Promise((r) => setTimeout(r, 20));
  }
}
