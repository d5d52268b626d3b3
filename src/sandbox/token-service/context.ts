import type { SandboxPerson } from '../entra/directory';
import type { SandboxEntra } from '../entra/sandbox-entra';
import type { SignInFlows } from './sign-in-flows';
import type { SignInKey, SignIns } from './sign-ins';
import { badArgument, type Answer } from './wire';

/** What the routes share: the one OAuth connection, its sign-ins and sign-in flows. */
export interface TokenServiceState {
  entra: SandboxEntra;
  connectionName: string;
  /** The connection's Token Exchange URL when it is not `api://botid-<appId>` (index.ts). */
  tokenExchangeUrl?: string;
  /** The bot's app id, when configured: SSO tokens must be for it, sign-in states must name it. */
  appId: string | undefined;
  signIn: 'silent' | 'prompt';
  signIns: SignIns;
  flows: SignInFlows;
  now: () => Date;
}

export interface TokenServiceRequest {
  method: string;
  /** URL path without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** `http(s)://host:port` as the client addressed the service: sign-in links point back at it. */
  baseUrl: string;
  /** The caller asked for JSON (tests on the sign-in page) rather than HTML (a browser). */
  wantsJson: boolean;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched without case, as the service's ASP.NET routes are. */
  path: string;
  /** Browser pages: no bot bearer token. */
  public?: boolean;
  handle(request: TokenServiceRequest, state: TokenServiceState): Answer;
}

/** A query parameter, its name matched without case (older Bot Framework clients send `userid`). */
export function param(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted && value !== '') return value;
  return undefined;
}

/** userId, connectionName and channelId, all required, the connection being this service's. */
export function requireKey(request: TokenServiceRequest, state: TokenServiceState): SignInKey | Answer {
  const userId = param(request.query, 'userId');
  const connectionName = param(request.query, 'connectionName');
  const channelId = param(request.query, 'channelId');
  if (!userId || !connectionName || !channelId)
    return badArgument('userId, connectionName and channelId are required.');
  const refused = checkConnection(connectionName, state);
  return refused ?? { userId, connectionName, channelId };
}

export function checkConnection(connectionName: string, state: TokenServiceState): Answer | undefined {
  return connectionName === state.connectionName
    ? undefined
    : badArgument(`The bot has no OAuth connection named '${connectionName}'.`);
}

export function isAnswer(value: SignInKey | Answer): value is Answer {
  return 'status' in value;
}

/** The directory person Teams calls `teamsUserId`; nobody else is ever signed in under that id. */
export function personFor(state: TokenServiceState, teamsUserId: string): SandboxPerson | undefined {
  return state.entra.directory.byTeamsUserId(teamsUserId);
}
