import type { CloudAdapter } from 'botbuilder';
import { RestError, createHttpHeaders } from '@azure/core-rest-pipeline';
import { TeamsMessenger } from '../../../src/teams/teams-messenger';
import { RetryStopped } from '../../../src/retry/retry-policy';
import { LogSignals } from '../../helpers/log-signals';

/** Time is jest's fake clock: Teams' backoff is a timer the test moves past, or cuts short with stop(). */
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const reference = {
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/',
  conversation: { id: '19:chat@thread.v2', isGroup: false, conversationType: 'personal', name: 'Chat' },
};

/** The Bot Connector as the adapter reaches it: every send answers with `answers`' next failure, then succeeds. */
function connectorFailing(...answers: RestError[]) {
  const connector = {
    sends: 0,
    continueConversationAsync: async (
      _appId: string,
      _reference: unknown,
      logic: (context: unknown) => Promise<void>,
    ) => {
      connector.sends += 1;
      const failure = answers.shift();
      await logic({
        sendActivity: async () => {
          if (failure) throw failure;
          return { id: 'sent-1' };
        },
      });
    },
  };
  return connector;
}

function teamsAnswer(status: number, headers: Record<string, string> = {}): RestError {
  return new RestError(`teams answered ${status}`, {
    statusCode: status,
    response: { status, headers: createHttpHeaders(headers), request: undefined as never },
  });
}

function messengerOn(connector: ReturnType<typeof connectorFailing>, logs = new LogSignals()) {
  return new TeamsMessenger(connector as unknown as CloudAdapter, 'app-id', logs.logger, 1_000);
}

it('retries what the connector pipeline does not (412, 429 without Retry-After), with backoff', async () => {
  const connector = connectorFailing(teamsAnswer(412), teamsAnswer(429));
  const sent = messengerOn(connector).reply(reference, { text: 'hi' });
  await jest.runAllTimersAsync();
  await expect(sent).resolves.toBe('sent-1');
  expect(connector.sends).toBe(3);
});

it('does not retry again what the pipeline already retried (429 with Retry-After, 502): one send here', async () => {
  for (const answer of [teamsAnswer(429, { 'retry-after': '1' }), teamsAnswer(502)]) {
    const connector = connectorFailing(answer);
    await expect(messengerOn(connector).reply(reference, { text: 'hi' })).rejects.toBe(answer);
    expect(connector.sends).toBe(1);
  }
});

it('stop() during a backoff ends it at once: the send fails with RetryStopped and is not tried again', async () => {
  const connector = connectorFailing(teamsAnswer(412), teamsAnswer(412));
  const logs = new LogSignals();
  const messenger = messengerOn(connector, logs);
  const sent = messenger.reply(reference, { text: 'hi' }).catch((error: unknown) => error);
  await logs.next('teams throttled, retrying');
  await jest.advanceTimersByTimeAsync(10);
  expect(jest.getTimerCount()).toBe(1); // the backoff, a second or more still to go
  messenger.stop();
  expect(await sent).toBeInstanceOf(RetryStopped);
  expect(connector.sends).toBe(1);
  expect(jest.getTimerCount()).toBe(0);
});
