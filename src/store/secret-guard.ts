import { AppError } from '../errors';
import { containsSecret, isPasswordKey } from '../secret-patterns';

/**
 * The guided flow must never put a password in stored state: a typed password goes to Azure once as a
 * SecureString and is forgotten. This guard does not scrub (silently dropping data would hide the bug); it throws,
 * so a flow that tries fails loudly in tests instead of persisting a secret. It looks, at any depth, for:
 * - a password-named property (`password`, `dbPassword`, `pwd`, `passwd`, any casing) with a non-empty string;
 * - the gateway's typed-password secret shape `{kind: 'password', value: '<non-empty>'}`;
 * - any string holding a token or a connection string's password (`Host=…;Password=…`), see secret-patterns.ts.
 */
export function assertNoSecrets(value: unknown, path = '$'): void {
  const seen = new Set<object>();
  const visit = (node: unknown, at: string): void => {
    if (typeof node === 'string') {
      if (containsSecret(node)) throw secretError(at);
      return;
    }
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${at}[${i}]`));
      return;
    }
    const record = node as Record<string, unknown>;
    if (record['kind'] === 'password' && isNonEmptyString(record['value'])) {
      throw secretError(`${at}.value`);
    }
    for (const [key, child] of Object.entries(record)) {
      if (isPasswordKey(key) && isNonEmptyString(child)) throw secretError(`${at}.${key}`);
      visit(child, `${at}.${key}`);
    }
  };
  visit(value, path);
}

function isNonEmptyString(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0;
}

function secretError(where: string): AppError {
  // The message names where, never the value.
  return new AppError(
    'INPUT_INVALID',
    `refusing to store a password in bot state (at ${where})`,
    'Something went wrong while saving your progress. Please start again with "connect".',
  );
}
