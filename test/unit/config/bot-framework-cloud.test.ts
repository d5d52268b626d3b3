import { describeConfig, loadConfig } from '../../../src/config';
import { ENDPOINT_VARIABLES } from '../../../src/config/bot-framework-cloud';
import { ConfigError } from '../../../src/errors';
import { DOD, GCC_HIGH, MSI_ENV, PUBLIC_CLOUD } from './bot-framework-settings';

/** botbuilder's authentication settings (ChannelService ... CallerId) read from the environment. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ ...MSI_ENV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

const ENDPOINT_NAMES = Object.keys(ENDPOINT_VARIABLES) as Array<keyof typeof ENDPOINT_VARIABLES>;

describe('Bot Framework cloud settings', () => {
  it('none set: the public cloud, botbuilder defaults', () => {
    expect(loadConfig(MSI_ENV).bot.cloud).toEqual(PUBLIC_CLOUD);
  });

  it('ChannelService alone selects botbuilder’s US Government defaults (trailing slash tolerated)', () => {
    const { cloud } = loadConfig({ ...MSI_ENV, ChannelService: 'https://botframework.azure.us/' }).bot;
    expect(cloud).toEqual({ ...PUBLIC_CLOUD, channelService: 'https://botframework.azure.us' });
  });

  it.each([
    ['GCC High', GCC_HIGH],
    ['DoD', DOD],
  ])('the documented %s set is carried exactly as written', (_name, settings) => {
    const config = loadConfig({ ...MSI_ENV, ...settings });
    expect(config.bot.cloud).toEqual({
      channelService: 'https://botframework.azure.us',
      validateAuthority: true,
      endpoints: {
        toChannelFromBotLoginUrl: settings.ToChannelFromBotLoginUrl,
        toChannelFromBotOAuthScope: settings.ToChannelFromBotOAuthScope,
        toBotFromChannelTokenIssuer: settings.ToBotFromChannelTokenIssuer,
        toBotFromChannelOpenIdMetadataUrl: settings.ToBotFromChannelOpenIdMetadataUrl,
        toBotFromEmulatorOpenIdMetadataUrl: settings.ToBotFromEmulatorOpenIdMetadataUrl,
        oAuthUrl: settings.OAuthUrl, // the trailing slash of GCC High's value is kept
        callerId: 'urn:botframework:azureusgov',
      },
    });
    expect(Object.isFrozen(config.bot.cloud.endpoints)).toBe(true);
    expect(describeConfig(config)['botFramework']).toContain(settings.ToBotFromChannelOpenIdMetadataUrl);
  });

  it('ValidateAuthority is a boolean, true by default', () => {
    expect(loadConfig({ ...MSI_ENV, ValidateAuthority: 'false' }).bot.cloud.validateAuthority).toBe(false);
    expect(configError({ ValidateAuthority: 'sometimes' }).variable).toBe('ValidateAuthority');
  });

  it.each(ENDPOINT_NAMES)(
    '%s alone is refused: botbuilder would use it with no defaults for the rest',
    (name) => {
      const error = configError({ [name]: GCC_HIGH[name] });
      const missing = ENDPOINT_NAMES.filter((n) => n !== name);
      expect(error.variable).toBe(missing[0]);
      expect(error.message).toContain(`missing: ${missing.join(', ')}`);
    },
  );

  it('names the one missing setting of an otherwise complete set', () => {
    const error = configError({ ...GCC_HIGH, OAuthUrl: '' }); // blank = unset, as dotenv writes `OAuthUrl=`
    expect(error.variable).toBe('OAuthUrl');
    expect(error.message).toContain('missing: OAuthUrl)');
  });

  it.each([
    ['ToChannelFromBotLoginUrl', 'http://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us'],
    ['ToChannelFromBotOAuthScope', 'api.botframework.us'],
    ['ToBotFromChannelTokenIssuer', 'not a url'],
    [
      'ToBotFromChannelOpenIdMetadataUrl',
      'http://login.botframework.azure.us/v1/.well-known/openidconfiguration',
    ],
    ['ToBotFromEmulatorOpenIdMetadataUrl', 'ftp://login.microsoftonline.us/x'],
    ['OAuthUrl', 'http://tokengcch.botframework.azure.us/'],
    ['CallerId', 'azureusgov'],
    ['ChannelService', 'http://botframework.azure.us'],
  ])('%s=%s stops start-up naming it', (variable, value) => {
    expect(configError({ ...GCC_HIGH, [variable]: value }).variable).toBe(variable);
  });

  it('a ChannelService botbuilder does not know, without the endpoint set, stops start-up naming it', () => {
    const error = configError({ ChannelService: 'https://botframework.example.com' });
    expect(error.variable).toBe('ChannelService');
    expect(error.message).toContain('ToBotFromChannelOpenIdMetadataUrl');
  });

  it('any ChannelService is accepted once the endpoints are given (botbuilder then ignores it)', () => {
    const config = loadConfig({
      ...MSI_ENV,
      ...GCC_HIGH,
      ChannelService: 'https://botframework.example.com',
    });
    expect(config.bot.cloud.channelService).toBe('https://botframework.example.com');
  });
});
