import pino, { type Logger } from 'pino';
import { createCertificate } from './certificate';
import { ArmAuthenticator } from './entra/arm-authentication';
import { SandboxEntra } from './entra/sandbox-entra';
import type { PublicJwk } from './entra/signing-key';
import { answerEntraRequest } from './entra/token-endpoint';
import { FaultInjector } from './faults';
import { startHttpsServer } from './https-server';
import { checkPageSize, DEFAULT_PAGE_SIZE } from './paging';
import { RbacGate } from './rbac/gate';
import { createFrontDoor } from './request-handler';
import { RequestLog } from './request-log';
import { buildRouter } from './routes';
import { seedWorld, withAuthorization } from './seed';
import { StateFile } from './state-file';
import { ARM_LIMITS, Throttle, type ThrottleLimits } from './throttle';
import { SimulatedWorld } from './world';

export { SANDBOX_WORLD } from './seed';
export { SANDBOX_ROLES } from './rbac/seed-authorization';
export { assignRole, grantBotWriteRoles, type RoleGrant } from './rbac/role-grants';
export { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE, type SandboxPrincipal } from './entra/directory';
export { SandboxEntra } from './entra/sandbox-entra';
export { ARM_AUDIENCES } from './entra/arm-authentication';
export { loadJwks } from './entra/jwks';
export type { PublicJwk } from './entra/signing-key';
export { SimulatedWorld } from './world';
export { FaultInjector, type FaultKind, type FaultRule } from './faults';
export { RequestLog, type RequestFilter, type RequestRecord } from './request-log';
export type { ThrottleLimits } from './throttle';
export type * from './world-state';

export interface SimulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** How long an approve/reject/delete of a connection (or a parameter update) takes. Default 8; fractions allowed. */
  lroSeconds?: number;
  /** How long after the server-side decision the factory's managed private endpoint shows it. Default 20. */
  adfSyncSeconds?: number;
  /** How long a pipeline (probe) run stays InProgress. Default 3. */
  probeSeconds?: number;
  /** How long a new managed private endpoint stays Provisioning (its connection appears halfway). Default 5. */
  mpeProvisionSeconds?: number;
  /** Default 'sandbox' (the demo estate); 'empty' has only the subscription and resource group. */
  seed?: 'sandbox' | 'empty';
  /** Load the world from this JSON file when it exists (else seed), and save every change to it atomically. */
  statePath?: string;
  logger?: Logger;
  /** Items per page of every list answer (the rest follows through `nextLink`). Default 50; 1-1000. */
  pageSize?: number;
  /** ARM throttling limits per subscription; Azure's (reads 250 @25/s, writes 200 @10/s) by default. */
  throttle?: Partial<ThrottleLimits>;
  /** The sandbox's Microsoft Entra (signing key, directory); a new one by default. Exposed as `sim.entra`. */
  entra?: SandboxEntra;
  /** More public keys whose tokens are trusted (a token service in another process): see `loadJwks`. */
  trustedKeys?: readonly PublicJwk[];
  /** Audiences accepted besides ARM's and the simulator's own base URL. */
  audiences?: readonly string[];
  /** Events per page of the activity log API. Default 200. */
  activityLogPageSize?: number;
  /** How far Resource Graph's index may be behind the world (changes show up within this). Default 0. */
  resourceGraphLagSeconds?: number;
  /** The world's clock (epoch ms); tests that must not wait inject one. Default Date.now. */
  now?: () => number;
}

export interface RunningSimulator {
  /** e.g. https://127.0.0.1:3979 */
  url: string;
  port: number;
  /** PEM of the self-signed certificate; clients pass it as tlsOptions.ca. */
  caPem: string;
  /** In-process access to the simulated Azure: the "portal" for tests and scripts. */
  world: SimulatedWorld;
  faults: FaultInjector;
  requests: RequestLog;
  /**
   * The sandbox's Microsoft Entra: `entra.credentialFor(principal)` is a TokenCredential for a person
   * (SANDBOX_PEOPLE) or the bot (SANDBOX_BOT_PRINCIPAL); `entra.issueArmToken(principal)` a raw token.
   */
  entra: SandboxEntra;
  /** Stops the server (and any held request); leaves no handle open. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const host = options.host ?? '127.0.0.1';
  const pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const stateFile = options.statePath ? new StateFile(options.statePath) : undefined;
  let open = true;
  const loaded = stateFile?.load();
  const initial = loaded ? withAuthorization(loaded) : seedWorld(options.seed ?? 'sandbox');
  const world = new SimulatedWorld(initial, {
    timing: {
      lroMs: seconds(options.lroSeconds, 8, 'lroSeconds'),
      adfSyncMs: seconds(options.adfSyncSeconds, 20, 'adfSyncSeconds'),
      probeMs: seconds(options.probeSeconds, 3, 'probeSeconds'),
      mpeProvisionMs: seconds(options.mpeProvisionSeconds, 5, 'mpeProvisionSeconds'),
    },
    ...(options.now ? { now: options.now } : {}),
    // After close() the world stays readable in-process, but is no longer saved.
    ...(stateFile ? { onChange: (state) => (open ? stateFile.save(state) : undefined) } : {}),
  });
  if (stateFile) stateFile.save(world.snapshot());

  const entra = options.entra ?? new SandboxEntra();
  const router = buildRouter(world, entra.directory, {
    activityLogPageSize: options.activityLogPageSize ?? 200,
    resourceGraphLagMs: seconds(options.resourceGraphLagSeconds, 0, 'resourceGraphLagSeconds'),
  });

  const faults = new FaultInjector();
  const requests = new RequestLog();
  const held = new Map<NodeJS.Timeout, (completed: boolean) => void>();
  const sleep = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        held.delete(timer);
        resolve(true);
      }, ms);
      held.set(timer, resolve);
    });
  const throttle = new Throttle({ ...ARM_LIMITS, ...(options.throttle ?? {}) });
  const authenticator = new ArmAuthenticator({
    keys: [...entra.publicKeys(), ...(options.trustedKeys ?? [])],
    tenantId: entra.tenantId,
    ...(options.audiences ? { extraAudiences: options.audiences } : {}),
  });
  const handler = createFrontDoor({
    router,
    faults,
    throttle,
    requests,
    logger,
    sleep,
    pageSize,
    authenticator,
    rbac: new RbacGate(world),
    outsideArm: (method, path, rawBody, baseUrl) =>
      answerEntraRequest(
        { entra, acceptsAudience: (resource, base) => authenticator.accepts(resource, base) },
        method,
        path,
        rawBody,
        baseUrl,
      ),
  });

  const certificate = await createCertificate();
  const server = await startHttpsServer({ host, port: options.port ?? 0, certificate, handler });
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  logger.info({ url, statePath: options.statePath }, 'ARM simulator listening');

  return {
    url,
    port: server.port,
    caPem: certificate.cert,
    world,
    faults,
    requests,
    entra,
    close: async () => {
      open = false;
      for (const [timer, release] of held) {
        clearTimeout(timer);
        release(false);
      }
      held.clear();
      await server.close();
    },
  };
}

function seconds(value: number | undefined, fallback: number, name: string): number {
  const s = value ?? fallback;
  if (!Number.isFinite(s) || s < 0) {
    throw new Error(`simulator option ${name} must be a number of seconds >= 0, got ${String(value)}`);
  }
  return Math.round(s * 1000);
}
