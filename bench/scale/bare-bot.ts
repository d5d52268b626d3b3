/**
 * The yardstick for `/api/messages` throughput: a bare botbuilder + restify bot from this project's node_modules,
 * with the same registration and Bot Framework endpoints as the bot (so it checks the same tokens and gets its
 * connector token from the same managed identity endpoint), answering every message with one text reply.
 * Prints "BARE_BOT_LISTENING" once it serves. Started by the scale bench; not part of the product.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';

const env = process.env as Record<string, string>;
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(env));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity('Here is what I can do: nothing, I am the bare bot.');
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(env['PORT']), env['HOST'] ?? '127.0.0.1', () => {
  process.stdout.write('BARE_BOT_LISTENING\n');
});
