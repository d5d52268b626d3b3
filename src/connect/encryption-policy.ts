import type { SslMode } from '../azure/gateway';

/**
 * Which encryption a linked service may use against a server. The linked service's `sslMode` has the Npgsql
 * meaning (0 Disable … 3 Require, 5 Verify-full). "No encryption" is the one choice that can break a connection
 * (when the server enforces TLS with `require_secure_transport = on`) or weaken it (when it does not), so it is
 * refused in the first case and needs an explicit confirmation in the second.
 */
export type EncryptionChoice = 'require' | 'verify-full' | 'prefer' | 'disable';

export interface EncryptionOption {
  choice: EncryptionChoice;
  sslMode: SslMode;
  title: string;
  description: string;
}

export const DEFAULT_ENCRYPTION: EncryptionChoice = 'require';

export const ENCRYPTION_OPTIONS: readonly EncryptionOption[] = [
  {
    choice: 'require',
    sslMode: 3,
    title: 'Require (recommended)',
    description: 'Always encrypted with TLS. Works with every Azure Database for PostgreSQL server.',
  },
  {
    choice: 'verify-full',
    sslMode: 5,
    title: 'Verify-full',
    description: 'Encrypted, and the server certificate and host name are verified too.',
  },
  {
    choice: 'prefer',
    sslMode: 2,
    title: 'Prefer',
    description: 'Encrypted when the server offers it, unencrypted otherwise.',
  },
  {
    choice: 'disable',
    sslMode: 0,
    title: 'No encryption',
    description: 'Data and credentials travel unencrypted inside the private network.',
  },
];

export type EncryptionVerdict =
  | { kind: 'accept'; sslMode: SslMode }
  /** The connection could not work: ask again. */
  | { kind: 'refuse'; reason: string }
  /** It would work but relaxes security: only with an explicit yes. */
  | { kind: 'confirm'; sslMode: SslMode; warning: string };

export function encryptionOption(choice: string): EncryptionOption | undefined {
  return ENCRYPTION_OPTIONS.find((o) => o.choice === choice);
}

/** Whether judging this choice needs the server's `require_secure_transport` (one Azure read, only then). */
export function needsTransportSetting(choice: EncryptionChoice): boolean {
  return choice === 'disable';
}

export function judgeEncryption(
  choice: EncryptionChoice,
  server: string,
  requiresSecureTransport?: boolean,
): EncryptionVerdict {
  const option = encryptionOption(choice) ?? encryptionOption(DEFAULT_ENCRYPTION)!;
  if (choice !== 'disable') return { kind: 'accept', sslMode: option.sslMode };
  // Unknown is treated like "on": refusing a working setup is recoverable, a broken linked service is not obvious.
  if (requiresSecureTransport !== false) {
    return {
      kind: 'refuse',
      reason:
        `${server} requires encrypted connections (require_secure_transport is on), so a linked service without ` +
        'encryption would fail to connect. Choose Require, Verify-full or Prefer.',
    };
  }
  return {
    kind: 'confirm',
    sslMode: 0,
    warning:
      `${server} accepts unencrypted connections (require_secure_transport is off). Without encryption the user ` +
      'name, password and data travel in clear text inside the private network. Use it only if you have a reason.',
  };
}

export function sslModeTitle(mode: SslMode): string {
  const option = ENCRYPTION_OPTIONS.find((o) => o.sslMode === mode);
  if (option) return option.title.replace(' (recommended)', '');
  return ['Disable', 'Allow', 'Prefer', 'Require', 'Verify-CA', 'Verify-full'][mode] ?? String(mode);
}
