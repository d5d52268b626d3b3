import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Env, parseChoice, parseInteger, parsePort, parseSeconds, read } from '../config/parsers';
import type { SettingName } from '../config/setting-names';
import { LOG_LEVELS } from '../config';
import { ConfigError } from '../errors';
import { createLogger } from '../logger';
import { loadJwks, type RunningSimulator, startSimulator, type SimulatorOptions } from './index';

/**
 * The ARM simulator as a process of its own (`npm run simulator`, or `node dist/src/sandbox/main.js`), for clients
 * that are not in this process: the bot in azure mode pointed at it with AZURE_ARM_ENDPOINT (test/production),
 * curl, a second bot. Logs go to stderr; stdout carries only machine-readable lines:
 *   SIMULATOR_CA_FILE=<path>    (with --ca-file: the self-signed certificate, PEM, to trust)
 *   SIMULATOR_URL=https://127.0.0.1:<port>    (last: the simulator is serving)
 * SIGTERM or SIGINT stops it.
 */
export interface SimulatorCommand {
  options: SimulatorOptions;
  /** Where to write the certificate's PEM (NODE_EXTRA_CA_CERTS, tlsOptions.ca); none when undefined. */
  caFile: string | undefined;
  logLevel: string;
}

const USAGE =
  'options: --port N (SANDBOX_ARM_PORT, default 0 = any free port), --host ADDRESS (default 127.0.0.1), ' +
  '--ca-file PATH, --state PATH (keep the world in a JSON file), --seed sandbox|empty, ' +
  '--lro-seconds S (SANDBOX_LRO_SECONDS), --adf-sync-seconds S (SANDBOX_ADF_SYNC_SECONDS), --probe-seconds S, ' +
  '--mpe-provision-seconds S (SANDBOX_MPE_PROVISION_SECONDS), --page-size N (SANDBOX_PAGE_SIZE, 1-1000), ' +
  '--resource-graph-lag-seconds S (SANDBOX_RESOURCE_GRAPH_LAG_SECONDS, default 0), ' +
  '--log-level LEVEL (LOG_LEVEL), --trusted-jwks PATH (a JWKS whose keys ARM tokens may also be signed with)';

/** argv first, then the sandbox's environment variables; every bad value names the option. */
export function parseSimulatorCommand(argv: string[], env: Env, cwd = process.cwd()): SimulatorCommand {
  let values: Record<string, string | undefined>;
  try {
    const parsed = parseArgs({
      args: argv,
      strict: true,
      options: Object.fromEntries(
        [
          'port',
          'host',
          'ca-file',
          'state',
          'seed',
          'lro-seconds',
          'adf-sync-seconds',
          'probe-seconds',
          'mpe-provision-seconds',
          'page-size',
          'resource-graph-lag-seconds',
          'log-level',
          'trusted-jwks',
        ].map((name) => [name, { type: 'string' as const }]),
      ),
    });
    values = parsed.values as Record<string, string | undefined>;
  } catch (error) {
    throw new ConfigError('argv', `${(error as Error).message}; ${USAGE}`);
  }
  const pick = (option: string, variable?: SettingName) =>
    values[option] ?? (variable ? read(env, variable) : undefined);
  const seconds = (option: string, variable: SettingName | undefined, fallback: number) =>
    parseSeconds(`--${option}`, pick(option, variable), fallback);
  const state = pick('state');
  const jwks = pick('trusted-jwks');
  return {
    options: {
      port: parsePort('--port', pick('port', 'SANDBOX_ARM_PORT'), 0, true),
      host: pick('host') ?? '127.0.0.1',
      lroSeconds: seconds('lro-seconds', 'SANDBOX_LRO_SECONDS', 8),
      adfSyncSeconds: seconds('adf-sync-seconds', 'SANDBOX_ADF_SYNC_SECONDS', 20),
      probeSeconds: seconds('probe-seconds', undefined, 3),
      mpeProvisionSeconds: seconds('mpe-provision-seconds', 'SANDBOX_MPE_PROVISION_SECONDS', 5),
      resourceGraphLagSeconds: seconds('resource-graph-lag-seconds', 'SANDBOX_RESOURCE_GRAPH_LAG_SECONDS', 0),
      pageSize: parseInteger('--page-size', pick('page-size', 'SANDBOX_PAGE_SIZE') ?? '50', 1, 1000),
      seed: parseChoice('--seed', pick('seed'), ['sandbox', 'empty'] as const, 'sandbox'),
      ...(state ? { statePath: resolve(cwd, state) } : {}),
      ...(jwks ? { trustedKeys: trustedKeys(resolve(cwd, jwks)) } : {}),
    },
    caFile: pick('ca-file') === undefined ? undefined : resolve(cwd, pick('ca-file')!),
    logLevel: parseChoice('--log-level', pick('log-level', 'LOG_LEVEL'), LOG_LEVELS, 'info'),
  };
}

/** Another token issuer's public keys (an identity endpoint in another process): its ARM tokens are accepted. */
function trustedKeys(path: string): SimulatorOptions['trustedKeys'] {
  try {
    return loadJwks(path);
  } catch (error) {
    throw new ConfigError('--trusted-jwks', (error as Error).message);
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let command: SimulatorCommand;
  try {
    command = parseSimulatorCommand(argv, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Refusing to start: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: command.logLevel, destination: process.stderr });
  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator({ ...command.options, logger });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    console.error(
      `Refusing to start: port ${command.options.port} is already in use (--port, SANDBOX_ARM_PORT).`,
    );
    process.exitCode = 1;
    return;
  }
  if (command.caFile) {
    writeFileSync(command.caFile, simulator.caPem, { mode: 0o644 });
    process.stdout.write(`SIMULATOR_CA_FILE=${command.caFile}\n`);
  }
  process.stdout.write(`SIMULATOR_URL=${simulator.url}\n`);

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'simulator stopping');
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'simulator did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('Simulator start-up failed:', error);
    process.exit(1);
  });
}
