/**
 * The Bot Framework token service's wire shapes, as botbuilder 4.23's TokenApiClient reads them
 * (botframework-connector/lib/tokenApi: operation specs and mappers).
 */
export interface TokenResponse {
  channelId: string;
  connectionName: string;
  token: string;
  /** ISO 8601; when the access token expires. */
  expiration: string;
}

export interface TokenStatus {
  channelId: string;
  connectionName: string;
  hasToken: boolean;
  serviceProviderDisplayName: string;
}

export interface SignInUrlResponse {
  signInLink: string;
  tokenExchangeResource: { id: string; uri: string; providerId?: string };
}

/** An answer before it is written: JSON (`body`), an HTML page (`html`), or nothing. */
export interface Answer {
  status: number;
  body?: unknown;
  html?: string;
}

export function json(body: unknown, status = 200): Answer {
  return { status, body };
}

/** The service's ErrorResponse: `{error: {code, message}}`. */
export function failure(status: number, code: string, message: string): Answer {
  return { status, body: { error: { code, message } } };
}

export function badArgument(message: string): Answer {
  return failure(400, 'BadArgument', message);
}

/**
 * "No token": 404 with an EMPTY body. botbuilder's UserTokenClientImpl.getUserToken returns whatever body a 404
 * carries, and OAuthPrompt treats any object as a token (a `signin/verifyState` would then be answered 200), so a
 * JSON error body here would sign people in. The Bot Framework Emulator's stand-in answers the same way.
 */
export const NO_TOKEN: Answer = { status: 404 };
