import pino from 'pino';
import { createArmGateway, type ArmGatewayOptions } from '../../src/azure/arm-gateway';
import type { AzureGateway } from '../../src/azure/gateway';
import type { ConnectionRef, FactoryRef, ServerRef } from '../../src/domain/resource-ids';
import { grantBotWriteRoles } from '../../src/sandbox/rbac/role-grants';
import {
  SANDBOX_BOT_PRINCIPAL,
  SANDBOX_WORLD,
  type SandboxPrincipal,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/sandbox';

export const W = SANDBOX_WORLD;
export const factoryRef: FactoryRef = {
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  factoryName: W.factoryName,
};
export const serverRef = (serverName: string): ServerRef => ({
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  serverName,
});
export const seededConnection: ConnectionRef = {
  server: serverRef(W.servers.orders),
  connectionName: W.pendingConnectionName,
};

/**
 * The simulator plus the real ARM gateway pointed at it, with fast timings: short LROs, short SDK retry delays
 * and short poll intervals so fault and LRO tests finish in seconds while taking the same code paths.
 */
export async function startSandboxAzure(
  options: SimulatorOptions = {},
): Promise<{ sim: RunningSimulator; gateway: AzureGateway }> {
  const sim = await startSimulator({
    lroSeconds: 0.3,
    adfSyncSeconds: 0.5,
    probeSeconds: 0.3,
    // Bot tests script when the watcher looks: a new endpoint's connection is there as soon as the PUT answers.
    // The simulator's asynchronous provisioning itself is tested in test/integration/simulator.
    mpeProvisionSeconds: 0,
    ...options,
  });
  // The bot writing with its own identity (ACT_AS=bot): an administrator gave it the two writing roles.
  await grantBotWriteRoles(sim);
  const gateway = gatewayFor(sim);
  return { sim, gateway };
}

/** The bot's gateway as the bot's service principal (its roles as seeded or granted), or as `principal`. */
export function gatewayFor(
  sim: RunningSimulator,
  principal: SandboxPrincipal = SANDBOX_BOT_PRINCIPAL,
  options: Pick<ArmGatewayOptions, 'discovery'> = {},
): AzureGateway {
  return createArmGateway({
    ...options,
    credential: sim.entra.credentialFor(principal),
    endpoint: sim.url,
    caPem: sim.caPem,
    scopes: [{ subscriptionId: W.subscriptionId }],
    logger: pino({ level: 'silent' }),
    retry: { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
    lroPollIntervalMs: 50,
  });
}
