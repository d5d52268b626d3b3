import { Writable } from 'node:stream';
import { TestAdapter } from 'botbuilder';
import { AppError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { loadConfig } from '../../../src/config';
import { createAdapter, handleTurnError } from '../../../src/teams/adapter';
import { GCC_HIGH, MSI_ENV, PUBLIC_CLOUD } from '../config/bot-framework-settings';

function capturingLogger(): {
  logger: ReturnType<typeof createLogger>;
  lines: () => Array<Record<string, unknown>>;
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('turn error boundary', () => {
  it('logs the full error and tells the user only the safe text', async () => {
    const { logger, lines } = capturingLogger();
    const adapter = new TestAdapter(async () => {
      throw new AppError(
        'STATE_CONFLICT',
        'request r-1 already decided (token=abc123)',
        'That request was already decided.',
      );
    });
    adapter.onTurnError = (context, error) => handleTurnError(context, error, logger);
    await adapter.send('approve').assertReply('That request was already decided.').startTest();
    const [line] = lines();
    expect(line).toMatchObject({ msg: 'turn failed', code: 'STATE_CONFLICT', level: 50 });
    expect((line?.['err'] as { message: string }).message).toContain('already decided');
  });

  it('hides unexpected errors behind a generic sentence', async () => {
    const { logger } = capturingLogger();
    const adapter = new TestAdapter(async () => {
      throw new Error('ECONNRESET at 10.0.0.4:5432 password=hunter2');
    });
    adapter.onTurnError = (context, error) => handleTurnError(context, error, logger);
    await adapter
      .send('help')
      .assertReply((activity) => {
        expect(activity.text).toMatch(/^Sorry, something went wrong/);
        expect(activity.text).not.toContain('hunter2');
      })
      .startTest();
  });
});

describe('createAdapter', () => {
  const { logger } = capturingLogger();
  it.each([
    [
      'sandbox (no app id)',
      { appId: '', password: '', appType: 'SingleTenant' as const, tenantId: undefined },
    ],
    [
      'SingleTenant',
      {
        appId: 'aaaaaaaa-0000-4000-8000-000000000001',
        password: 'x',
        appType: 'SingleTenant' as const,
        tenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
      },
    ],
    [
      'UserAssignedMSI',
      {
        appId: 'aaaaaaaa-0000-4000-8000-000000000001',
        password: '',
        appType: 'UserAssignedMSI' as const,
        tenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
      },
    ],
  ])('accepts every registration the config lets through: %s', (_name, bot) => {
    expect(() => createAdapter({ ...bot, cloud: PUBLIC_CLOUD }, logger)).not.toThrow();
  });

  it.each([
    ['US Government defaults', { ChannelService: 'https://botframework.azure.us' }],
    ['GCC High endpoints', GCC_HIGH],
  ])('accepts the Bot Framework cloud settings the config lets through: %s', (_name, settings) => {
    const { bot } = loadConfig({ ...MSI_ENV, ...settings });
    expect(() => createAdapter(bot, logger)).not.toThrow();
  });
});
