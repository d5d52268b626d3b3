import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * RS256 JSON Web Tokens with node:crypto only, as the stand-ins mint and check them. Nothing here is used by the
 * bot: it verifies tokens with its own libraries (botframework-connector, jsonwebtoken).
 */
export type Claims = Record<string, unknown>;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** The public half as a JWK, as a JWKS document lists it (`extra`: e.g. Bot Framework's `endorsements`). */
export function publicJwk(key: SigningKey, extra: Claims = {}): Claims {
  const { n, e } = key.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, n, e, ...extra };
}

const encode = (part: Claims) => Buffer.from(JSON.stringify(part)).toString('base64url');

export function signJwt(claims: Claims, key: SigningKey, header: Claims = {}): string {
  const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${encode(claims)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(key.privateKey).toString('base64url')}`;
}

/** The same claims, not signed at all (`alg: none`, empty signature). */
export function unsignedJwt(claims: Claims, kid: string): string {
  return `${encode({ alg: 'none', typ: 'JWT', kid })}.${encode(claims)}.`;
}

/** The claims of an RS256 token signed by `key`, or why not. */
export function verifyJwt(token: string, key: SigningKey): { claims: Claims } | { refused: string } {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return { refused: 'not a signed JWT' };
  const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Claims;
  if (head['alg'] !== 'RS256' || head['kid'] !== key.kid)
    return { refused: `unexpected header ${JSON.stringify(head)}` };
  const valid = createVerify('RSA-SHA256')
    .update(`${header}.${payload}`)
    .verify(key.publicKey, Buffer.from(signature, 'base64url'));
  if (!valid) return { refused: 'bad signature' };
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims['exp'] !== 'number' || claims['exp'] <= now) return { refused: 'expired' };
  if (typeof claims['nbf'] === 'number' && claims['nbf'] > now + 300) return { refused: 'not yet valid' };
  return { claims };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims of a token, unverified: for reading what a token says, never for trusting it. */
export function decodeJwt(token: string): Claims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims;
}
