import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';

/**
 * `npm run playground`: the Microsoft 365 Agents Playground (a local Teams look-alike on http://localhost:56150)
 * pointed at the running bot. It sends no JWT, so it only works with the sandbox's empty MicrosoftAppId; users,
 * team and channels come from .m365agentsplayground.yml.
 *
 * Wrapped in a script for two reasons: the bot's PORT may come from .env, and the playground crashes when it
 * cannot open a browser (no xdg-open on a headless Linux), so there it is told not to try.
 */
loadDotenv({ quiet: true });
const port = process.env['PORT']?.trim() || '3978';
const env: NodeJS.ProcessEnv = { ...process.env };
if (!env['TEAMSAPPTESTER_BROWSER'] && !canOpenBrowser()) {
  env['TEAMSAPPTESTER_BROWSER'] = 'none';
  console.log('No browser available here: open http://localhost:56150 yourself.');
}

const bin = join(__dirname, '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const args = [
  bin,
  '--app-endpoint',
  `http://127.0.0.1:${port}/api/messages`,
  '--channel-id',
  'msteams',
  '--disable-telemetry',
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function canOpenBrowser(): boolean {
  if (process.platform !== 'linux') return true;
  if (!process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return false;
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'xdg-open')));
}
