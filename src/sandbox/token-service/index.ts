import { createServer } from 'node:http';
import pino, { type Logger } from 'pino';
import { createCertificate } from '../certificate';
import type { SandboxEntra } from '../entra/sandbox-entra';
import type { PublicJwk } from '../entra/signing-key';
import type { SsoTokenOptions } from '../entra/sso-tokens';
import { listenClosable, startHttpsServer } from '../https-server';
import { RequestLog } from '../request-log';
import { refuseCaller } from './caller-auth';
import type { TokenServiceState } from './context';
import { createTokenServiceFrontDoor } from './front-door';
import { SignInFlows } from './sign-in-flows';
import { SIGN_IN_ROUTES } from './sign-in-routes';
import { SignIns } from './sign-ins';
import { USER_TOKEN_ROUTES } from './user-token-routes';

export { BOT_FRAMEWORK_AUDIENCE } from './caller-auth';
export { SandboxBotCredentialsFactory, SandboxTokenServiceAuthentication } from './bot-identity';
export { trustTokenService } from './tls-trust';

/**
 * A local stand-in for the Bot Framework token service (botbuilder's `OAuthUrl`) with one OAuth connection whose
 * scope is ARM `user_impersonation`: it keeps people's sign-ins and hands out their delegated ARM tokens, minted by
 * the sandbox Entra. See README.md in this folder's parent for what it does and leaves out.
 */
export interface TokenServiceOptions {
  entra: SandboxEntra;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** 'silent': a directory person is signed in on first use (Teams SSO for a consented app); 'prompt': not. */
  signIn: 'silent' | 'prompt';
  connectionName: string;
  /**
   * The connection's Token Exchange URL as an administrator typed it; default `api://botid-<appId>`, the right one.
   * GetSignInResource hands it out as tokenExchangeResource.uri (a wrong one is what `npm run doctor` must catch).
   */
  tokenExchangeUrl?: string;
  /** The bot's app id: SSO tokens must be for it, sign-in states must name it. Without it there is no SSO. */
  appId?: string;
  /** Refuse (401) calls without the bot's own Bot Framework token. Default: true when appId is given. */
  verifyCaller?: boolean;
  /**
   * The keys the bot's own tokens are signed with, when another issuer than `entra` gives the bot its identity (a
   * managed identity endpoint); default `entra`'s keys.
   */
  callerKeys?: readonly PublicJwk[];
  /** Serve HTTPS with a fresh self-signed certificate (see trustTokenService); default plain HTTP. */
  tls?: boolean;
  now?: () => Date;
  logger?: Logger;
}

export interface RunningTokenService {
  /** e.g. http://127.0.0.1:40123 — botbuilder's OAuthUrl. */
  url: string;
  port: number;
  /** The certificate to trust, with `tls: true`. */
  caPem: string | undefined;
  /** Every request: method, path, status (never queries or bodies: they carry codes and tokens). */
  requests: RequestLog;
  /** Entra revoked the person's refresh tokens: every sign-in of theirs is gone until they sign in again. */
  revoke(teamsUserId: string): void;
  /** The token each current sign-in hands out next is already expired at ARM; the one after is fresh. */
  expireTokens(): void;
  /** The token a Teams client would obtain for the bot's app by SSO as `teamsUserId` (needs appId). */
  ssoToken(teamsUserId: string, options?: Omit<SsoTokenOptions, 'appId'>): string;
  close(): Promise<void>;
}

export async function startTokenService(options: TokenServiceOptions): Promise<RunningTokenService> {
  const { entra, appId } = options;
  const verifyCaller = options.verifyCaller ?? appId !== undefined;
  if (verifyCaller && appId === undefined)
    throw new Error('token service: verifyCaller needs the bot’s appId');
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? pino({ level: 'silent' });
  const state: TokenServiceState = {
    entra,
    connectionName: options.connectionName,
    ...(options.tokenExchangeUrl === undefined ? {} : { tokenExchangeUrl: options.tokenExchangeUrl }),
    appId,
    signIn: options.signIn,
    signIns: new SignIns(entra, now),
    flows: new SignInFlows(now),
    now,
  };
  const requests = new RequestLog();
  const handler = createTokenServiceFrontDoor({
    routes: [...USER_TOKEN_ROUTES, ...SIGN_IN_ROUTES],
    state,
    requests,
    logger,
    ...(verifyCaller && appId !== undefined
      ? {
          refuseCaller: (header) =>
            refuseCaller(header, { keys: options.callerKeys ?? entra.publicKeys(), appId, now }),
        }
      : {}),
  });

  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const certificate = options.tls ? await createCertificate() : undefined;
  const server = certificate
    ? await startHttpsServer({ host, port, certificate, handler })
    : await listenClosable(createServer(handler), host, port);
  const url = `${certificate ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  logger.info(
    { url, connectionName: options.connectionName, signIn: options.signIn },
    'token service listening',
  );

  const personOf = (teamsUserId: string) => {
    const person = entra.directory.byTeamsUserId(teamsUserId);
    if (!person) throw new Error(`token service: no sandbox person has Teams user id ${teamsUserId}`);
    return person;
  };
  return {
    url,
    port: server.port,
    caPem: certificate?.cert,
    requests,
    revoke: (teamsUserId) => {
      const ids = entra.directory.byTeamsUserId(teamsUserId)?.teamsUserIds ?? [teamsUserId];
      for (const userId of ids) state.signIns.end({ userId });
    },
    expireTokens: () => state.signIns.expireAll(),
    ssoToken: (teamsUserId, overrides = {}) => {
      if (appId === undefined) throw new Error('token service: SSO tokens need the bot’s appId');
      return entra.issueSsoToken(personOf(teamsUserId), { ...overrides, appId });
    },
    close: () => server.close(),
  };
}
