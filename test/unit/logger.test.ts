import { RestError } from '@azure/core-rest-pipeline';
import { createLogger } from '../../src/logger';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIzMyJ9.c2lnbmF0dXJl';
const PASSWORD = 'Tr0ub4dor&3';

/** One logger at trace writing into a buffer; each test reads back the parsed lines. */
function capture(): {
  lines: () => Array<Record<string, unknown>>;
  raw: () => string;
  logger: ReturnType<typeof createLogger>;
} {
  const written: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => void written.push(line) },
  });
  return {
    logger,
    raw: () => written.join(''),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('the logger censors secrets wherever they travel', () => {
  it('in a password typed into a card: activity.value.action.data.*', () => {
    const log = capture();
    log.logger.debug(
      {
        activity: {
          type: 'invoke',
          value: { action: { verb: 'submit', data: { dbPassword: PASSWORD, user: 'adf' } } },
        },
      },
      'invoke received',
    );
    expect(log.raw()).not.toContain(PASSWORD);
    expect(log.lines()[0]).toMatchObject({
      activity: { value: { action: { data: { dbPassword: '[redacted]', user: 'adf' } } } },
    });
  });

  it('in dialog state, deep down, under any password-like name', () => {
    const log = capture();
    const state = {
      dialogStack: [
        { id: 'connect', state: { options: { answers: { pwd: PASSWORD, Password: PASSWORD } } } },
      ],
    };
    log.logger.trace({ state }, 'dialog state');
    expect(log.raw()).not.toContain(PASSWORD);
  });

  it('in error messages and stacks: tokens and connection-string passwords', () => {
    const log = capture();
    const error = new Error(
      `login failed for Host=pg;Username=adf;Password=${PASSWORD};Ssl Mode=Require with Bearer ${JWT}`,
    );
    log.logger.error({ err: error }, 'probe failed');
    const raw = log.raw();
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain(JWT);
    // What is not secret stays readable.
    expect(raw).toContain('Host=pg;Username=adf;Password=[redacted]');
    expect(log.lines()[0]).toMatchObject({
      err: { type: 'Error', stack: expect.stringContaining('Password=[redacted]') },
    });
  });

  it("in Azure's RestError: no request headers, no token in its message", () => {
    const log = capture();
    const error = new RestError(`token ${JWT} expired`, {
      code: 'ExpiredAuthenticationToken',
      statusCode: 401,
    });
    log.logger.warn({ err: error }, 'arm call failed');
    const [line] = log.lines();
    expect(log.raw()).not.toContain(JWT);
    expect(line).toMatchObject({ err: { code: 'ExpiredAuthenticationToken', statusCode: 401 } });
    expect(line!['err']).not.toHaveProperty('request');
  });

  it('in the message text itself', () => {
    const log = capture();
    log.logger.info(`exchanged ${JWT} for the person`);
    expect(log.raw()).not.toContain(JWT);
    expect(log.lines()[0]!['msg']).toBe('exchanged [redacted] for the person');
  });

  it('keeps what names a secret without being one, error codes and flags', () => {
    const log = capture();
    log.logger.info(
      {
        secretName: 'pg-password',
        code: 'AZURE_UNAUTHORIZED',
        hasToken: true,
        connectionName: 'sandbox-arm',
      },
      'ok',
    );
    expect(log.lines()[0]).toMatchObject({
      secretName: 'pg-password',
      code: 'AZURE_UNAUTHORIZED',
      hasToken: true,
      connectionName: 'sandbox-arm',
    });
  });

  it('survives cycles', () => {
    const log = capture();
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    log.logger.info({ a }, 'cyclic');
    expect(log.lines()[0]).toMatchObject({ a: { name: 'a', self: '[circular]' } });
  });
});
