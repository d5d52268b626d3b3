import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Child, startNode } from '../processes';
import { ROOT } from './build';

export interface SimulatorProcess {
  child: Child;
  /** e.g. https://127.0.0.1:41234: what the bot gets as AZURE_ARM_ENDPOINT. */
  url: string;
  /** Its self-signed certificate (PEM), as written to the --ca-file. */
  caPem: string;
}

/**
 * The ARM simulator out of process, from the build (node dist/src/sandbox/main.js), in its own process group:
 * the bot reaches it over HTTPS only, like real Azure Resource Manager. It accepts tokens signed by its own sandbox
 * Entra and by the keys in `trustedJwks` (the managed identity endpoint's), and nothing else.
 */
export async function startSimulatorProcess(
  dir: string,
  trustedJwks: string,
  env: NodeJS.ProcessEnv,
  /** How long an approval's long-running operation takes on the simulated Azure. */
  lroSeconds = 1,
  /** More command-line options (e.g. `--state` with a prepared world, for the scale bench). */
  extraArgs: readonly string[] = [],
): Promise<SimulatorProcess> {
  const caFile = join(dir, 'simulator-ca.pem');
  const child = startNode(
    'simulator',
    [
      join(ROOT, 'dist', 'src', 'sandbox', 'main.js'),
      '--port=0',
      `--ca-file=${caFile}`,
      `--lro-seconds=${lroSeconds}`,
      '--adf-sync-seconds=1',
      '--log-level=warn',
      `--trusted-jwks=${trustedJwks}`,
      ...extraArgs,
    ],
    dir,
    env,
  );
  const url = await child.waitFor('SIMULATOR_URL', 30_000, (out) => /^SIMULATOR_URL=(\S+)$/m.exec(out)?.[1]);
  return { child, url, caPem: readFileSync(caFile, 'utf8') };
}
