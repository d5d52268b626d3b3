import { config as loadDotenv } from 'dotenv';
import { type AppHandle, startApp } from './app';
import { type Config, describeConfig, loadConfig } from './config';
import { ConfigError, StoreUnusableError } from './errors';
import { createLogger } from './logger';

export { startApp } from './app';
export type { AppHandle, AppOverrides } from './app';

/** How long a graceful stop may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `npm start`: .env → validated config → the app; a bad setting exits 1 with its message and no stack. */
export async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Refusing to start: ${error.message}`);
      console.error('See .env.sample for every setting and its default.');
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  logger.info(describeConfig(config), 'configuration loaded');

  let app: AppHandle;
  try {
    app = await startApp(config, { logger });
  } catch (error) {
    // A setting that only shows its problem when read at start (APPROVERS_FILE's content), or a database file
    // that is not a usable store (empty, foreign, damaged): the message names it and what to do.
    if (error instanceof ConfigError || error instanceof StoreUnusableError) {
      console.error(`Refusing to start: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    const busy = portInUse(error, config);
    if (!busy) throw error;
    console.error(
      `Refusing to start: port ${busy.port} is already in use. Stop what runs there or set ${busy.variable}.`,
    );
    process.exitCode = 1;
    return;
  }
  if (config.mode === 'sandbox') process.stdout.write(banner(app));

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(1); // a second Ctrl+C means "now"
    signalled = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** A second `npm start` is the common mistake: name the setting instead of printing a stack. */
function portInUse(error: unknown, config: Config): { port: number; variable: string } | undefined {
  const e = error as { code?: unknown; port?: unknown };
  if (e?.code !== 'EADDRINUSE' || typeof e.port !== 'number') return undefined;
  const variable = config.sandbox && e.port === config.sandbox.armPort ? 'SANDBOX_ARM_PORT' : 'PORT';
  return { port: e.port, variable };
}

function banner(app: AppHandle): string {
  return [
    '',
    '  Sandbox is running: simulated Azure, local data, no accounts needed.',
    `  Bot:             ${app.botUrl}/api/messages   (health: ${app.botUrl}/healthz)`,
    `  Simulated Azure: ${app.armUrl}   (self-signed TLS: curl -k)`,
    `  Data:            ${app.config.dataDir}`,
    '  Chat with it:    npm run playground   (in another terminal; opens http://localhost:56150)',
    '  Stop:            Ctrl+C',
    '',
    '',
  ].join('\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('Start-up failed:', error);
    process.exit(1);
  });
}
