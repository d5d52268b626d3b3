import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(__dirname, '..', '..', '..');

/**
 * `npm run build` (tsc into dist/) as a deployment does it. The production test runs the compiled bot and
 * simulator, never the TypeScript sources. Returns how long it took, in ms.
 */
export async function buildProject(timeoutMs: number): Promise<number> {
  const started = Date.now();
  try {
    await promisify(execFile)('npm', ['run', 'build'], {
      cwd: ROOT,
      timeout: timeoutMs,
      maxBuffer: 16 << 20,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
  return Date.now() - started;
}
