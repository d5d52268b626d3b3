import pino, { type Logger } from 'pino';
import { redactLogFields } from './log-redaction';
import { redactText } from './secret-patterns';

export type { Logger };

/**
 * The app's logger (JSON lines). Fixed messages carry data in fields; those fields must never carry a secret, but
 * if one slips in — a password typed into a card, a token in an error message, a connection string in a linked
 * service — it is censored here, at any depth, before the line is written (log-redaction.ts).
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'pl-bot' },
      formatters: { log: (fields) => redactLogFields(fields) as Record<string, unknown> },
      hooks: {
        // The message text itself (and any printf-style arguments) gets the same treatment as the fields.
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
