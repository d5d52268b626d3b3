import { ARM_AUDIENCE } from '../entra/sandbox-entra';
import { sameAudience } from '../entra/signed-jwt';
import { verifySsoToken } from '../entra/sso-tokens';
import {
  checkConnection,
  isAnswer,
  param,
  personFor,
  requireKey,
  type Route,
  type TokenServiceRequest,
  type TokenServiceState,
} from './context';
import type { HeldToken } from './delegated-tokens';
import type { SignInKey } from './sign-ins';
import { badArgument, json, NO_TOKEN, type Answer, type TokenResponse, type TokenStatus } from './wire';

/** How GetTokenStatus names an Entra ID v2 connection's provider (UNCONFIRMED: the portal's name for it). */
const PROVIDER_DISPLAY_NAME = 'Azure Active Directory v2';

/** `api/usertoken/*`: the bot's side of the service. */
export const USER_TOKEN_ROUTES: Route[] = [
  { method: 'GET', path: '/api/usertoken/GetToken', handle: getToken },
  { method: 'POST', path: '/api/usertoken/exchange', handle: exchange },
  { method: 'DELETE', path: '/api/usertoken/SignOut', handle: signOut },
  { method: 'GET', path: '/api/usertoken/GetTokenStatus', handle: getTokenStatus },
  { method: 'POST', path: '/api/usertoken/GetAadTokens', handle: getAadTokens },
];

/** The token to hand out for `key` now: its sign-in's, or in silent mode a first-use sign-in (Teams SSO). */
export function currentToken(state: TokenServiceState, key: SignInKey): HeldToken | undefined {
  if (!state.signIns.has(key) && state.signIn === 'silent' && !state.signIns.wasEnded(key)) {
    const person = personFor(state, key.userId);
    if (person) state.signIns.start(key, person);
  }
  return state.signIns.token(key);
}

function getToken(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const key = requireKey(request, state);
  if (isAnswer(key)) return key;
  // A magic code from the sign-in page finishes that flow's sign-in; any other code changes nothing.
  const code = param(request.query, 'code');
  const person = personFor(state, key.userId);
  if (code && person && state.flows.redeem(key, code)) state.signIns.start(key, person);
  const held = currentToken(state, key);
  return held ? json(tokenResponse(key, held)) : NO_TOKEN;
}

/**
 * SSO: the bot passes the token Teams obtained for the bot's app; the service checks it and signs its person in
 * (the real one then gets the connection's scopes on behalf of the person). A token that is not for this app, not
 * valid, or not of the person `userId` names is refused with 400, as the service refuses failed exchanges.
 */
function exchange(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const key = requireKey(request, state);
  if (isAnswer(key)) return key;
  const body = request.body as { token?: unknown; uri?: unknown } | undefined;
  if (typeof body?.token !== 'string' || body.token === '')
    return badArgument(
      typeof body?.uri === 'string' ? 'Exchanging a uri is not supported here.' : 'A token is required.',
    );
  if (!state.appId)
    return badArgument('SSO needs the bot’s app id: this connection has no token exchange URL.');
  const verdict = verifySsoToken(body.token, {
    keys: state.entra.publicKeys(),
    tenantId: state.entra.tenantId,
    appId: state.appId,
    now: state.now,
  });
  if (!verdict.ok) return badArgument(`The token could not be exchanged: ${verdict.message}`);
  const person = personFor(state, key.userId);
  if (!person || person.objectId !== verdict.objectId)
    return badArgument('The token could not be exchanged: it is not the token of this user.');
  state.signIns.start(key, person);
  return json(tokenResponse(key, state.signIns.token(key)!));
}

/** Forgets the sign-in (connection and channel optional: all of the user's where left out). Always 200. */
function signOut(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const userId = param(request.query, 'userId');
  if (!userId) return badArgument('userId is required.');
  const connectionName = param(request.query, 'connectionName');
  const refused = connectionName === undefined ? undefined : checkConnection(connectionName, state);
  if (refused) return refused;
  const channelId = param(request.query, 'channelId');
  state.signIns.end({
    userId,
    ...(connectionName ? { connectionName } : {}),
    ...(channelId ? { channelId } : {}),
  });
  return { status: 200 };
}

/** One status per connection of the bot (here the one), `include` naming the connections to report. */
function getTokenStatus(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const userId = param(request.query, 'userId');
  const channelId = param(request.query, 'channelId');
  if (!userId || !channelId) return badArgument('userId and channelId are required.');
  const include = param(request.query, 'include')
    ?.split(',')
    .map((name) => name.trim());
  if (include && !include.includes(state.connectionName)) return json([]);
  const key = { userId, connectionName: state.connectionName, channelId };
  const status: TokenStatus = {
    channelId,
    connectionName: state.connectionName,
    hasToken: currentToken(state, key) !== undefined,
    serviceProviderDisplayName: PROVIDER_DISPLAY_NAME,
  };
  return json([status]);
}

/** Tokens per resource URL; the connection's scope is ARM's, so other resources get none. */
function getAadTokens(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const key = requireKey(request, state);
  if (isAnswer(key)) return key;
  const urls = (request.body as { resourceUrls?: unknown } | undefined)?.resourceUrls;
  if (!Array.isArray(urls) || !urls.every((url): url is string => typeof url === 'string'))
    return badArgument('resourceUrls is required.');
  const held = currentToken(state, key);
  if (!held) return NO_TOKEN;
  const tokens: Record<string, TokenResponse> = {};
  for (const url of urls) if (sameAudience(url, ARM_AUDIENCE)) tokens[url] = tokenResponse(key, held);
  return json(tokens);
}

function tokenResponse(key: SignInKey, held: HeldToken): TokenResponse {
  return {
    channelId: key.channelId,
    connectionName: key.connectionName,
    token: held.token,
    expiration: held.expiresAt.toISOString(),
  };
}
