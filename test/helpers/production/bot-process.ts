import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Child, startNode } from '../processes';
import { ROOT } from './build';

/** The preload that ends the bot if it ever loads simulator code (see the file). */
export const SANDBOX_GUARD = join(__dirname, 'forbid-sandbox.js');

/**
 * What `npm run start:prod` runs, read from package.json so the test follows it: `node dist/src/index.js`.
 * The test starts that node command itself rather than through npm, with a temporary working directory, so that
 * no `.env` of the developer's checkout (dotenv reads ./.env) can leak settings into the bot.
 */
export function startProdEntry(): string {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const entry = /^node (\S+\.js)$/.exec(scripts['start:prod'] ?? '')?.[1];
  if (!entry) throw new Error(`start:prod is not "node <file>.js": ${scripts['start:prod']}`);
  return join(ROOT, entry);
}

/** The built bot in its own process group; resolves once it logged "app started" (or fails with its output). */
export async function startBotProcess(dir: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const bot = startNode('bot', [startProdEntry()], dir, {
    ...env,
    // The guard first; a caller's own preloads (the scale bench's memory reporter) after it.
    NODE_OPTIONS: [`--require ${JSON.stringify(SANDBOX_GUARD)}`, env['NODE_OPTIONS']].filter(Boolean).join(' '),
  });
  await bot.waitFor('"app started"', 60_000, (out) =>
    out.includes('"msg":"app started"') ? true : undefined,
  );
  return bot;
}
