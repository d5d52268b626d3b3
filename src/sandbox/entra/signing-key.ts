import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * An RS256 signing key as Microsoft Entra publishes one: the private half signs tokens, the public half is a JWK
 * with a `kid` (here the JWK thumbprint, RFC 7638) that verifiers find in a JWKS document.
 */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export interface PublicJwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, base64url.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
  return { kid, privateKey, publicJwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e } };
}
