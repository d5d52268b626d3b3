import { resourceNotFound } from './arm-errors';
import { ok, type RouteParams } from './http-types';
import { sameName } from './json';
import { requireResourceGroup } from './lookup';
import { stateHandlers } from './route-kit';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { BotServiceState, WorldState } from './world-state';

/**
 * Microsoft.BotService 2022-09-15, the two reads `npm run doctor` makes: Bots_Get and Channels_Get
 * (Azure/azure-rest-api-specs, specification/botservice/resource-manager/Microsoft.BotService/stable/2022-09-15/
 * botservice.json; bodies shaped like its examples GetBot.json and GetChannel.json). A missing bot or channel
 * answers ARM's generic 404 ResourceNotFound (the spec's default response is only "Error"; the code UNCONFIRMED).
 */
const BOT =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.BotService/botServices/{resourceName}';
const BOT_TYPE = 'Microsoft.BotService/botServices';

export function addBotServiceRoutes(router: Router, world: WorldCore): void {
  const { read } = stateHandlers(world);
  router
    .add(
      'GET',
      BOT,
      'botservice',
      read((s, _req, p) => ok(botBody(botOf(s, p)))),
    )
    .add(
      'GET',
      `${BOT}/channels/{channelName}`,
      'botservice',
      read((s, _req, p) => {
        const bot = botOf(s, p);
        const name = p['channelName'] ?? '';
        const entry = Object.entries(bot.channels).find(([channel]) => sameName(channel, name));
        if (!entry) throw resourceNotFound(`${BOT_TYPE}/${bot.name}/channels`, name, bot.resourceGroup);
        const [channelName, isEnabled] = entry;
        return ok({
          id: `${botId(bot)}/channels/${channelName}`,
          name: channelName,
          type: `${BOT_TYPE}/channels`,
          location: 'global',
          properties: { channelName, properties: { isEnabled } },
        });
      }),
    );
}

function botOf(s: WorldState, p: RouteParams): BotServiceState {
  const subscriptionId = p['subscriptionId'] ?? '';
  const resourceGroup = p['resourceGroupName'] ?? '';
  const name = p['resourceName'] ?? '';
  requireResourceGroup(s, subscriptionId, resourceGroup);
  const bot = (s.botServices ?? []).find(
    (b) =>
      sameName(b.subscriptionId, subscriptionId) &&
      sameName(b.resourceGroup, resourceGroup) &&
      sameName(b.name, name),
  );
  if (!bot) throw resourceNotFound(BOT_TYPE, name, resourceGroup);
  return bot;
}

function botId(bot: BotServiceState): string {
  return `/subscriptions/${bot.subscriptionId}/resourceGroups/${bot.resourceGroup}/providers/${BOT_TYPE}/${bot.name}`;
}

function botBody(bot: BotServiceState): unknown {
  const enabled = Object.entries(bot.channels)
    .filter(([, on]) => on)
    .map(([name]) => name);
  return {
    id: botId(bot),
    name: bot.name,
    type: BOT_TYPE,
    location: 'global',
    kind: 'azurebot',
    sku: { name: 'F0' },
    properties: {
      displayName: bot.name,
      endpoint: bot.endpoint,
      msaAppId: bot.msaAppId,
      msaAppType: bot.msaAppType,
      msaAppTenantId: bot.msaAppTenantId,
      ...(bot.msaAppMSIResourceId ? { msaAppMSIResourceId: bot.msaAppMSIResourceId } : {}),
      configuredChannels: Object.keys(bot.channels),
      enabledChannels: enabled,
      provisioningState: 'Succeeded',
    },
  };
}
