import ms from 'ms';
import { ConfigError } from '../errors';
import { type Env, read } from './parsers';

/** A configured length of time: its milliseconds, and the words the operator wrote (for texts: "after 2d"). */
export interface Duration {
  readonly ms: number;
  readonly text: string;
}

/** What happens to a request nobody decides; each is off (undefined) when its setting is unset. */
export interface RequestTimerSettings {
  /** REMIND_AFTER: a reminder once per period while the request is pending. */
  readonly remindAfter: Duration | undefined;
  /** ESCALATE_AFTER: the card also goes to the conversations that watch for escalations. */
  readonly escalateAfter: Duration | undefined;
  /** EXPIRE_AFTER: the bot rejects the connection in Azure. */
  readonly expireAfter: Duration | undefined;
}

/** A number and a unit `ms` knows (`90s`, `4h`, `2d`, `30 minutes`). A bare number would be milliseconds to `ms`. */
const WITH_UNIT = /^\d+(\.\d+)?\s*[a-z]+$/i;
/** Below a second the sweep (which runs once per poll interval) could not keep the promise anyway. */
const MIN_MS = 1_000;
/** setTimeout's and Date's comfortable range; a year is far beyond any sensible wait. */
const MAX_MS = 366 * 24 * 3600 * 1000;

export function parseDuration(name: string, value: string | undefined): Duration | undefined {
  if (value === undefined) return undefined;
  const parsed = WITH_UNIT.test(value) ? ms(value as ms.StringValue) : undefined;
  if (parsed === undefined || !Number.isFinite(parsed)) {
    throw new ConfigError(name, `"${value}" is not a duration (a number and a unit: 90s, 30m, 4h, 2d)`);
  }
  if (parsed < MIN_MS || parsed > MAX_MS) {
    throw new ConfigError(name, `"${value}" is out of range (1s to 366d)`);
  }
  return { ms: parsed, text: value.replace(/\s+/g, ' ') };
}

export function loadRequestTimerSettings(env: Env): RequestTimerSettings {
  const settings = {
    remindAfter: parseDuration('REMIND_AFTER', read(env, 'REMIND_AFTER')),
    escalateAfter: parseDuration('ESCALATE_AFTER', read(env, 'ESCALATE_AFTER')),
    expireAfter: parseDuration('EXPIRE_AFTER', read(env, 'EXPIRE_AFTER')),
  };
  const { escalateAfter, expireAfter } = settings;
  // Escalating a request that has already expired would post a card nobody can act on.
  if (expireAfter && escalateAfter && escalateAfter.ms >= expireAfter.ms) {
    throw new ConfigError(
      'ESCALATE_AFTER',
      `${escalateAfter.text} is not before EXPIRE_AFTER (${expireAfter.text}): the request would expire first`,
    );
  }
  return settings;
}
