import { randomUUID } from 'node:crypto';
import type { SandboxPerson } from '../entra/directory';
import { botAppIdUri } from '../entra/sso-tokens';
import {
  checkConnection,
  param,
  personFor,
  type Route,
  type TokenServiceRequest,
  type TokenServiceState,
} from './context';
import { askPage, codePage, messagePage } from './sign-in-page';
import type { SignInFlow } from './sign-in-flows';
import { decodeTokenExchangeState } from './token-exchange-state';
import { badArgument, failure, json, type Answer, type SignInUrlResponse } from './wire';

/** Where sign-in links point, as on token.botframework.com. */
export const SIGN_IN_PAGE_PATH = '/api/oauth/signin';

/** `api/botsignin/*` for the bot, and the sign-in page for the person's browser. */
export const SIGN_IN_ROUTES: Route[] = [
  { method: 'GET', path: '/api/botsignin/GetSignInResource', handle: getSignInResource },
  { method: 'GET', path: SIGN_IN_PAGE_PATH, public: true, handle: showSignIn },
  { method: 'POST', path: SIGN_IN_PAGE_PATH, public: true, handle: completeSignIn },
];

/**
 * What an OAuth card (or a loginRequest answer) needs: the link for a manual sign-in, and the resource Teams
 * obtains an SSO token for (the app's App ID URI, the OAuth connection's token exchange URL).
 */
function getSignInResource(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const started = startFlow(request, state);
  if ('status' in started) return started;
  const response: SignInUrlResponse = {
    signInLink: started.link,
    tokenExchangeResource: { id: randomUUID(), uri: state.tokenExchangeUrl ?? botAppIdUri(started.appId) },
  };
  return json(response);
}

function startFlow(
  request: TokenServiceRequest,
  state: TokenServiceState,
): { link: string; appId: string } | Answer {
  const raw = param(request.query, 'state');
  const decoded = raw === undefined ? undefined : decodeTokenExchangeState(raw);
  if (!decoded) return badArgument('state must be a token exchange state (base64 JSON).');
  const refused = checkConnection(decoded.connectionName, state);
  if (refused) return refused;
  if (state.appId ? decoded.msAppId !== state.appId : decoded.msAppId === '')
    return badArgument('The state names another bot (msAppId).');
  const { userId, connectionName, channelId } = decoded;
  const flow = state.flows.create({ userId, connectionName, channelId });
  const link = `${request.baseUrl}${SIGN_IN_PAGE_PATH}?signin=${encodeURIComponent(flow.id)}`;
  return { link, appId: state.appId ?? decoded.msAppId };
}

function showSignIn(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const found = findFlow(request, state);
  if ('status' in found) return found;
  return { status: 200, html: askPage(found.person, state.connectionName) };
}

/** The person pressed "Sign in": the flow ends with a magic code for the bot to redeem. */
function completeSignIn(request: TokenServiceRequest, state: TokenServiceState): Answer {
  const found = findFlow(request, state);
  if ('status' in found) return found;
  const completion = state.flows.complete(found.flow.id);
  if (!completion.ok) return usedLink(request);
  const { magicCode } = completion;
  return request.wantsJson ? json({ magicCode }) : { status: 200, html: codePage(found.person, magicCode) };
}

/**
 * The flow of the link and the person it signs in: the one Teams user the card was for (the state's
 * `conversation.user`). Choosing another account, as Entra's page allows, is left out: nobody else's token ever
 * ends up under a Teams user id.
 */
function findFlow(
  request: TokenServiceRequest,
  state: TokenServiceState,
): { flow: SignInFlow; person: SandboxPerson } | Answer {
  const flowId = param(request.query, 'signin');
  const flow = flowId === undefined ? undefined : state.flows.find(flowId);
  if (!flow) return notice(request, 404, 'NotFound', 'This sign-in link is unknown or has expired.');
  if (flow.magicCode !== undefined) return usedLink(request);
  const person = personFor(state, flow.key.userId);
  if (!person)
    return notice(
      request,
      403,
      'Forbidden',
      `The sandbox tenant has no account for Teams user ${flow.key.userId}.`,
    );
  return { flow, person };
}

function usedLink(request: TokenServiceRequest): Answer {
  return notice(request, 409, 'Conflict', 'This sign-in link was already used.');
}

function notice(request: TokenServiceRequest, status: number, code: string, text: string): Answer {
  return request.wantsJson ? failure(status, code, text) : { status, html: messagePage('Sign-in', text) };
}
