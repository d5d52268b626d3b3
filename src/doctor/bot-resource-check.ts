import type { ArmClients } from '../azure/arm-clients';
import { sendArmRequest } from '../azure/raw-arm';
import { pickString } from '../azure/raw-json';
import type { BotRegistration } from '../config/bot-registration';
import { type CheckResult, fail, httpFailure, ok, unchecked } from './check-result';

/** Microsoft.BotService 2022-09-15: Bots_Get and Channels_Get (botservice.json). */
const API_VERSION = '2022-09-15';
const BOT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.BotService\/botServices\/[^/]+$/i;
const REGISTRATION = 'Azure Bot registration';
const TEAMS = 'Teams channel';

/**
 * Reads the Azure Bot resource and its Teams channel through ARM as the doctor's identity, and compares the
 * registration with the bot's own settings. The bot's role does not include reading the bot resource; where the
 * identity may not, both checks say so and how to look instead.
 */
export async function checkBotResource(
  clients: ArmClients,
  bot: BotRegistration,
  botResourceId: string | undefined,
): Promise<CheckResult[]> {
  if (botResourceId === undefined) {
    const why = 'not checked: give the Azure Bot resource id (npm run doctor -- --bot <id>)';
    return [unchecked(REGISTRATION, why), unchecked(TEAMS, why)];
  }
  const subscriptionId = BOT_ID.exec(botResourceId)?.[1];
  if (!subscriptionId) {
    const why = `--bot ${botResourceId} is not a Microsoft.BotService/botServices resource id`;
    return [fail(REGISTRATION, why), unchecked(TEAMS, why)];
  }
  const client = clients.postgresFor(subscriptionId);
  const get = (path: string) =>
    sendArmRequest(client, 'GET', `${clients.baseUrl}${path}?api-version=${API_VERSION}`);
  let registration: CheckResult;
  try {
    registration = compare((await get(botResourceId)).body, bot);
  } catch (error) {
    return [
      failure(REGISTRATION, error, botResourceId),
      unchecked(TEAMS, 'the bot resource could not be read'),
    ];
  }
  try {
    const channel = (await get(`${botResourceId}/channels/MsTeamsChannel`)).body as {
      properties?: { properties?: { isEnabled?: unknown } };
    };
    const enabled = channel.properties?.properties?.isEnabled === true;
    return [
      registration,
      enabled
        ? ok(TEAMS, 'MsTeamsChannel is enabled')
        : fail(TEAMS, `MsTeamsChannel is disabled: az bot msteams create --resource-group <rg> --name <bot>`),
    ];
  } catch (error) {
    return [registration, failure(TEAMS, error, `${botResourceId}/channels/MsTeamsChannel`)];
  }
}

function compare(body: unknown, bot: BotRegistration): CheckResult {
  const found = {
    msaAppId: pickString(body, 'properties', 'msaAppId') ?? '',
    msaAppType: pickString(body, 'properties', 'msaAppType') ?? '',
    msaAppTenantId: pickString(body, 'properties', 'msaAppTenantId') ?? '',
  };
  const wrong: string[] = [];
  if (found.msaAppId.toLowerCase() !== bot.appId)
    wrong.push(`msaAppId ${found.msaAppId} ≠ MicrosoftAppId ${bot.appId}`);
  if (found.msaAppType.toLowerCase() !== bot.appType.toLowerCase())
    wrong.push(`msaAppType ${found.msaAppType} ≠ MicrosoftAppType ${bot.appType}`);
  if (found.msaAppTenantId.toLowerCase() !== (bot.tenantId ?? ''))
    wrong.push(`msaAppTenantId ${found.msaAppTenantId} ≠ MicrosoftAppTenantId ${bot.tenantId ?? '(none)'}`);
  const endpoint = pickString(body, 'properties', 'endpoint') ?? '';
  if (!/^https:\/\/[^/]+\/api\/messages$/.test(endpoint))
    wrong.push(`messaging endpoint ${endpoint || '(none)'} is not https://<host>/api/messages`);
  return wrong.length === 0
    ? ok(REGISTRATION, `${bot.appType} ${bot.appId} in tenant ${bot.tenantId ?? ''}, endpoint ${endpoint}`)
    : fail(REGISTRATION, wrong.join('; '));
}

function failure(check: string, error: unknown, id: string): CheckResult {
  const { status, message } = httpFailure(error);
  if (status === 403)
    return unchecked(
      check,
      `the identity may not read ${id} (give it Reader on the bot resource, or look with az bot show / az bot msteams show). ARM said: ${message}`,
    );
  return fail(check, `ARM answered ${status ?? 'no status'} for ${id}: ${message}`);
}
