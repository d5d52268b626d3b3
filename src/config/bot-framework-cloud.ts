import { ConfigError } from '../errors';
import { type Env, parseBoolean, parseExactHttpsUrl, parseHttpsUrl, parseUrn, read } from './parsers';

/**
 * Which Bot Framework cloud the bot talks to: botbuilder's `ConfigurationBotFrameworkAuthentication` settings,
 * read from the environment under botbuilder's own names and handed to it unchanged (src/teams/authentication.ts).
 *
 * Why "all or none" for the endpoint settings: as soon as one of them is set, botbuilder
 * (`BotFrameworkAuthenticationFactory.create`) builds a `ParameterizedBotFrameworkAuthentication` from exactly
 * the values given and fills nothing in from its constants. A missing issuer then refuses every request, a
 * missing OAuth scope breaks every reply, a missing OAuthUrl sends sign-in calls to "undefined". So a partial set
 * stops start-up here, naming what is missing.
 */
export interface BotFrameworkEndpoints {
  readonly toChannelFromBotLoginUrl: string;
  readonly toChannelFromBotOAuthScope: string;
  readonly toBotFromChannelTokenIssuer: string;
  readonly toBotFromChannelOpenIdMetadataUrl: string;
  readonly toBotFromEmulatorOpenIdMetadataUrl: string;
  readonly oAuthUrl: string;
  readonly callerId: string;
}

export interface BotFrameworkCloud {
  /** `ChannelService`: undefined = public cloud; US_GOVERNMENT_CHANNEL_SERVICE = botbuilder's US Government set. */
  readonly channelService: string | undefined;
  /** `ValidateAuthority` (default true): whether MSAL validates a custom ToChannelFromBotLoginUrl authority. */
  readonly validateAuthority: boolean;
  /** The explicit endpoint set; undefined = botbuilder's constants for `channelService`. */
  readonly endpoints: BotFrameworkEndpoints | undefined;
}

/** The only ChannelService value botbuilder knows without an endpoint set (its GovernmentConstants). */
export const US_GOVERNMENT_CHANNEL_SERVICE = 'https://botframework.azure.us';

/** Environment variable → field, in botbuilder's order. */
export const ENDPOINT_VARIABLES = {
  ToChannelFromBotLoginUrl: 'toChannelFromBotLoginUrl',
  ToChannelFromBotOAuthScope: 'toChannelFromBotOAuthScope',
  ToBotFromChannelTokenIssuer: 'toBotFromChannelTokenIssuer',
  ToBotFromChannelOpenIdMetadataUrl: 'toBotFromChannelOpenIdMetadataUrl',
  ToBotFromEmulatorOpenIdMetadataUrl: 'toBotFromEmulatorOpenIdMetadataUrl',
  OAuthUrl: 'oAuthUrl',
  CallerId: 'callerId',
} as const satisfies Record<string, keyof BotFrameworkEndpoints>;

type EndpointVariable = keyof typeof ENDPOINT_VARIABLES;
const NAMES = Object.keys(ENDPOINT_VARIABLES) as EndpointVariable[];

export function loadBotFrameworkCloud(env: Env): BotFrameworkCloud {
  const validateAuthority = parseBoolean('ValidateAuthority', read(env, 'ValidateAuthority')) ?? true;
  const channelService = parseHttpsUrl('ChannelService', read(env, 'ChannelService'));
  const endpoints = loadEndpoints(env);
  if (
    endpoints === undefined &&
    channelService !== undefined &&
    channelService !== US_GOVERNMENT_CHANNEL_SERVICE
  ) {
    throw new ConfigError(
      'ChannelService',
      `"${channelService}" is not ${US_GOVERNMENT_CHANNEL_SERVICE}, the only value botbuilder knows on its own ` +
        `(US Government). Another cloud needs its endpoints set explicitly: ${NAMES.join(', ')}.`,
    );
  }
  return { channelService, validateAuthority, endpoints };
}

function loadEndpoints(env: Env): BotFrameworkEndpoints | undefined {
  const values: Record<EndpointVariable, string | undefined> = {
    ToChannelFromBotLoginUrl: parseExactHttpsUrl(
      'ToChannelFromBotLoginUrl',
      read(env, 'ToChannelFromBotLoginUrl'),
    ),
    ToChannelFromBotOAuthScope: parseExactHttpsUrl(
      'ToChannelFromBotOAuthScope',
      read(env, 'ToChannelFromBotOAuthScope'),
    ),
    ToBotFromChannelTokenIssuer: parseExactHttpsUrl(
      'ToBotFromChannelTokenIssuer',
      read(env, 'ToBotFromChannelTokenIssuer'),
    ),
    ToBotFromChannelOpenIdMetadataUrl: parseExactHttpsUrl(
      'ToBotFromChannelOpenIdMetadataUrl',
      read(env, 'ToBotFromChannelOpenIdMetadataUrl'),
    ),
    ToBotFromEmulatorOpenIdMetadataUrl: parseExactHttpsUrl(
      'ToBotFromEmulatorOpenIdMetadataUrl',
      read(env, 'ToBotFromEmulatorOpenIdMetadataUrl'),
    ),
    OAuthUrl: parseExactHttpsUrl('OAuthUrl', read(env, 'OAuthUrl')),
    CallerId: parseUrn('CallerId', read(env, 'CallerId')),
  };
  const given = NAMES.filter((name) => values[name] !== undefined);
  if (given.length === 0) return undefined;
  const missing = NAMES.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      missing[0]!,
      `is required because ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set. botbuilder then uses ` +
        `exactly the values given and takes none from its defaults: set all of ${NAMES.join(', ')}, or none ` +
        `(missing: ${missing.join(', ')}).`,
    );
  }
  const endpoints = {} as Record<keyof BotFrameworkEndpoints, string>;
  for (const name of NAMES) endpoints[ENDPOINT_VARIABLES[name]] = values[name]!;
  return endpoints;
}

/** For the start-up log: which cloud, in one line. */
export function describeBotFrameworkCloud(cloud: BotFrameworkCloud): string {
  if (cloud.endpoints)
    return `explicit endpoints (channel OpenID metadata ${cloud.endpoints.toBotFromChannelOpenIdMetadataUrl})`;
  return cloud.channelService === undefined
    ? 'public (botbuilder defaults)'
    : `${cloud.channelService} (botbuilder's US Government defaults)`;
}
