import { loadConfig } from '../../../src/config';
import { authenticationOptions } from '../../../src/teams/authentication';
import { GCC_HIGH, MSI_ENV } from '../config/bot-framework-settings';

/** What botbuilder's ConfigurationBotFrameworkAuthentication is handed, from the validated config only. */
describe('authenticationOptions', () => {
  it('sandbox without an app id: nothing (botbuilder then disables authentication, loopback only)', () => {
    expect(authenticationOptions(loadConfig({}).bot)).toEqual({});
  });

  it('public cloud: the registration, ValidateAuthority, and no cloud setting (botbuilder defaults)', () => {
    expect(authenticationOptions(loadConfig(MSI_ENV).bot)).toEqual({
      MicrosoftAppId: MSI_ENV.MicrosoftAppId,
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: MSI_ENV.MicrosoftAppTenantId,
      ValidateAuthority: true,
    });
  });

  it('a sovereign cloud: all nine settings, exactly as configured', () => {
    const options = authenticationOptions(loadConfig({ ...MSI_ENV, ...GCC_HIGH }).bot);
    const { ValidateAuthority, ...strings } = GCC_HIGH;
    expect(options).toMatchObject({ ...strings, ValidateAuthority: ValidateAuthority === 'true' });
  });

  it('never reads process.env: a stray variable does not reach botbuilder', () => {
    process.env['ToBotFromChannelOpenIdMetadataUrl'] = 'https://attacker.example/openid';
    try {
      expect(JSON.stringify(authenticationOptions(loadConfig(MSI_ENV).bot))).not.toContain('attacker');
    } finally {
      delete process.env['ToBotFromChannelOpenIdMetadataUrl'];
    }
  });
});
