import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths redacted from every log line. Fixed messages carry data in fields; these fields must never carry a
 * secret, but if one slips in (a header, a password field of a linked service) it is censored here.
 */
const REDACT_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'connectionString',
  '*.connectionString',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'secret',
  '*.secret',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    { level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'pl-bot' } },
    options.destination,
  );
}
