import { loadConfig } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

/** A ConfigError's message starts with the variable it names (`REMIND_AFTER: …`). */
const naming = (variable: string, why: string) => new RegExp(`^${variable}: .*${why}`);

describe('REMIND_AFTER, ESCALATE_AFTER, EXPIRE_AFTER', () => {
  it('are off when unset or blank', () => {
    const { requestTimers } = loadConfig({ REMIND_AFTER: ' ', ESCALATE_AFTER: '' });
    expect(requestTimers).toEqual({
      remindAfter: undefined,
      escalateAfter: undefined,
      expireAfter: undefined,
    });
  });

  it('read durations with a unit, keeping the words for texts', () => {
    const { requestTimers } = loadConfig({
      REMIND_AFTER: '90s',
      ESCALATE_AFTER: '4h',
      EXPIRE_AFTER: '2 days',
    });
    expect(requestTimers.remindAfter).toEqual({ ms: 90_000, text: '90s' });
    expect(requestTimers.escalateAfter).toEqual({ ms: 4 * 3600_000, text: '4h' });
    expect(requestTimers.expireAfter).toEqual({ ms: 2 * 86_400_000, text: '2 days' });
  });

  it.each([
    ['REMIND_AFTER', 'soon', 'is not a duration'],
    // ms would read a bare number as milliseconds: refused, so "30" never means 30 ms.
    ['REMIND_AFTER', '30', 'is not a duration'],
    ['ESCALATE_AFTER', '-5m', 'is not a duration'],
    ['EXPIRE_AFTER', '2 fortnights', 'is not a duration'],
    ['EXPIRE_AFTER', '500ms', 'out of range'],
    ['REMIND_AFTER', '400d', 'out of range'],
  ])('%s=%s is refused at start, naming the variable', (variable, value, why) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(naming(variable, why));
  });

  it('refuses an escalation that would come after expiry', () => {
    expect(() => loadConfig({ ESCALATE_AFTER: '2d', EXPIRE_AFTER: '1d' })).toThrow(
      naming('ESCALATE_AFTER', 'EXPIRE_AFTER \\(1d\\)'),
    );
  });
});
