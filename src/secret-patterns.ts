/**
 * What a secret looks like, for the two places that must recognise one: the logger (which censors it) and the
 * store's secret guard (which refuses to persist it). One definition, so the two cannot drift apart.
 */

/** Field names whose value is a password, whatever the casing: password, Password, dbPassword, pwd, passwd. */
const PASSWORD_KEY = /(password|passwd|^pwd)$/i;

/**
 * Field names whose value is some other credential in logs: tokens, authorization headers, connection strings,
 * client secrets. `secretName`, `secretVersion` or `tokenExchangeResource` name things and are not matched.
 */
const CREDENTIAL_KEY =
  /(password|passwd|^pwd|secret|token|authorization|connectionstring|apikey|credential|magiccode)$/i;

/** A JSON Web Token (header and payload are base64url JSON, so both start with "eyJ"). */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g;
/** The password of a connection string: `Password=…;`, `pwd = …` (ADO.NET, libpq key=value and similar). */
const CONNECTION_STRING_PASSWORD = /\b(password|pwd)(\s*=\s*)('[^']*'|"[^"]*"|[^;\s]+)/gi;
/** A bearer token in a header value or an error message. */
const BEARER = /\b(bearer\s+)[\w\-.~+/]+=*/gi;

export const REDACTED = '[redacted]';

export function isPasswordKey(key: string): boolean {
  return PASSWORD_KEY.test(key);
}

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key);
}

/**
 * True when free text carries a token or a connection string's password (what must never be stored). A lone
 * "bearer …" is left to the log censor: in stored prose it is more likely an English word than a header.
 */
export function containsSecret(text: string): boolean {
  return new RegExp(JWT.source).test(text) || new RegExp(CONNECTION_STRING_PASSWORD.source, 'i').test(text);
}

/** The text with every token and connection-string password censored; the rest kept for the reader. */
export function redactText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(
      CONNECTION_STRING_PASSWORD,
      (_match, key: string, equals: string) => `${key}${equals}${REDACTED}`,
    )
    .replace(BEARER, (_match, prefix: string) => `${prefix}${REDACTED}`);
}
