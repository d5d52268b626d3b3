import { readFileSync } from 'node:fs';
import type { PublicJwk } from './signing-key';

/**
 * Public keys to trust, given as a JWKS document (`{"keys": [...]}`, what an Entra tenant publishes at
 * `/discovery/v2.0/keys`) or its `keys` array, as JSON text or a path to a file holding it. A simulator in another
 * process trusts the token service's keys this way.
 */
export function loadJwks(source: string): PublicJwk[] {
  const text =
    source.trimStart().startsWith('{') || source.trimStart().startsWith('[') ? source : read(source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error('trusted keys: not valid JSON (expected a JWKS {"keys": [...]})', { cause: error });
  }
  const keys = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('trusted keys: the JWKS has no "keys"');
  return keys.map((key, i) => {
    if (!isRsaSigningKey(key))
      throw new Error(`trusted keys: key ${i} is not an RS256 RSA public JWK with a kid`);
    return { kty: 'RSA', kid: key.kid, use: 'sig', alg: 'RS256', n: key.n, e: key.e };
  });
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`trusted keys: cannot read ${path}`, { cause: error });
  }
}

function isRsaSigningKey(value: unknown): value is { kid: string; n: string; e: string } {
  if (typeof value !== 'object' || value === null) return false;
  const k = value as Record<string, unknown>;
  return (
    k.kty === 'RSA' &&
    typeof k.kid === 'string' &&
    typeof k.n === 'string' &&
    typeof k.e === 'string' &&
    (k.alg === undefined || k.alg === 'RS256')
  );
}
