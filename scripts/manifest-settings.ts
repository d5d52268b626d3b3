import { parseArgs } from 'node:util';

/** What the packaging script fills into the manifest template. */
export interface PackageSettings {
  botId: string;
  /**
   * The Entra app registration that exposes `access_as_user` for Teams single sign-on (webApplicationInfo.id). The
   * bot's own app id when its registration is an app registration (SingleTenant with a secret); a separate one for a
   * UserAssignedMSI bot, which has no app registration. undefined with ACT_AS=bot: no single sign-on at all.
   */
  ssoAppId: string | undefined;
  version: string;
  /** Host name only (no scheme, no path); undefined leaves validDomains out of the manifest. */
  botDomain: string | undefined;
  /** Where the zip goes; undefined means dist/teams-app-package.zip under the project root. */
  outFile: string | undefined;
}

export type EnvLike = Readonly<Record<string, string | undefined>>;

/** A mistake in the packaging inputs: printed as one clear line, without a stack trace. */
export class PackageInputError extends Error {
  override readonly name = 'PackageInputError';
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** Teams accepts only MAJOR.MINOR.PATCH: no pre-release or build suffix. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Resolves the settings from command-line flags first, then the environment (.env is loaded by the caller):
 * `--bot-id` / MicrosoftAppId, `--sso-app-id` / SSO_APP_ID (default the bot id), `--version` / APP_VERSION /
 * package.json, `--domain` / BOT_DOMAIN, `--out`.
 */
export function resolvePackageSettings(
  argv: readonly string[],
  env: EnvLike,
  packageVersion: string,
): PackageSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'bot-id': { type: 'string' },
      'sso-app-id': { type: 'string' },
      version: { type: 'string' },
      domain: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const botId = (values['bot-id'] ?? env['MicrosoftAppId'] ?? '').trim();
  if (botId === '') {
    throw new PackageInputError(
      'No bot id: set MicrosoftAppId (in the environment or .env) to the Microsoft App ID of the Azure Bot ' +
        'registration, or pass --bot-id <guid>. The Teams app package must name the bot it talks to.',
    );
  }
  if (!GUID.test(botId)) {
    throw new PackageInputError(
      `The bot id "${botId}" is not a GUID: use the Microsoft App ID of the Azure Bot registration.`,
    );
  }
  // ACT_AS=bot signs nobody in: the manifest then declares no SSO (naming an app that may not exist).
  const signsIn = (env['ACT_AS'] ?? 'user').trim() !== 'bot';
  const ssoAppId = signsIn
    ? (values['sso-app-id'] ?? nonEmpty(env['SSO_APP_ID']) ?? botId).trim()
    : undefined;
  if (ssoAppId !== undefined && !GUID.test(ssoAppId)) {
    throw new PackageInputError(
      `The SSO app id "${ssoAppId}" is not a GUID: use the Application (client) ID of the app registration that exposes access_as_user.`,
    );
  }
  const version = (values.version ?? nonEmpty(env['APP_VERSION']) ?? packageVersion).trim();
  if (!SEMVER.test(version)) {
    throw new PackageInputError(
      `The app version "${version}" is not MAJOR.MINOR.PATCH (Teams accepts no suffix such as -beta).`,
    );
  }
  const domain = nonEmpty(values.domain ?? env['BOT_DOMAIN'])?.trim();
  if (domain !== undefined && !HOST.test(domain)) {
    throw new PackageInputError(
      `BOT_DOMAIN "${domain}" is not a host name: give it like mybot.azurewebsites.net, without https:// or a path.`,
    );
  }
  return { botId, ssoAppId, version, botDomain: domain?.toLowerCase(), outFile: values.out };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
