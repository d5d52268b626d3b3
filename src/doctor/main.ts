import { parseArgs } from 'node:util';
import { DefaultAzureCredential } from '@azure/identity';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { config as loadDotenv } from 'dotenv';
import { ArmClients } from '../azure/arm-clients';
import { loadConfig } from '../config';
import { ConfigError } from '../errors';
import { createAuthentication } from '../teams/authentication';
import { report } from './report';
import { runDoctor } from './run-doctor';

/**
 * `npm run doctor -- --bot <Azure Bot resource id>` (built: `npm run doctor:prod`): the post-deployment self-check,
 * run where the bot runs (an App Service SSH session, `az containerapp exec`), so it uses the bot's own settings and
 * managed identity. Prints one line a check; exit code 1 when one failed. Never prints a token or a secret.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  loadDotenv({ quiet: true });
  const { values } = parseArgs({ args: [...argv], options: { bot: { type: 'string' } } });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stdout.write(`FAIL  configuration: ${error.message}\n`);
    return 1;
  }
  if (config.mode !== 'azure') {
    process.stdout.write(
      'n/a   the configuration is the sandbox: nothing deployed to check (set the azure settings first).\n',
    );
    return 1;
  }
  const credential = new DefaultAzureCredential();
  const clients = new ArmClients({
    credential,
    ...(config.azure.armEndpoint ? { endpoint: config.azure.armEndpoint } : {}),
  });
  // The claims a turn from Teams would carry for this bot: botbuilder builds its token service client from them.
  const claims = new ClaimsIdentity(
    [{ type: AuthenticationConstants.AudienceClaim, value: config.bot.appId }],
    AuthenticationConstants.AnonymousAuthType,
  );
  const results = await runDoctor({
    config,
    clients,
    credential,
    userTokenClient: () => createAuthentication(config.bot).createUserTokenClient(claims),
    ...(values.bot ? { botResourceId: values.bot } : {}),
  });
  const { lines, exitCode } = report(results);
  process.stdout.write(`${lines.join('\n')}\n`);
  return exitCode;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`doctor stopped: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
