import { randomUUID } from 'node:crypto';
import { StandInServer, type StandInAnswer, type StandInRequest } from '../stand-in-server';
import { type Claims, nowSeconds, publicJwk, signingKey, signJwt, verifyJwt } from './jwt';

/** The user-assigned managed identity the bot runs as: its app id towards Bot Framework and its ARM identity. */
export interface ManagedIdentity {
  clientId: string;
  /** Object id of its service principal: the `oid` of its tokens. */
  objectId: string;
  tenantId: string;
  /** Its ARM resource id, the `xms_mirid` claim. */
  resourceId: string;
}

export interface IssuedToken {
  resource: string;
  clientId: string;
  token: string;
}

const API_VERSION = '2019-08-01';
const LIFETIME_SECONDS = 24 * 3600;

/**
 * Stands in for App Service's managed identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER): plain HTTP on
 * loopback like the real one, the 2019-08-01 protocol as @azure/identity (through MSAL) speaks it: GET
 * ?api-version&resource&client_id with header X-IDENTITY-HEADER, answered {access_token, expires_on, resource,
 * token_type, client_id}. Only the user-assigned identity exists (no system-assigned one), so a request without
 * its client_id fails as App Service's does. Tokens are RS256 JWTs with Entra ID's claims, signed with this
 * stand-in's own key: whoever must check them (the fake Bot Connector, the simulator through --trusted-jwks) verifies them
 * with `verify` or `jwks`.
 */
export class ManagedIdentityEndpoint {
  readonly server = new StandInServer('managed identity endpoint');
  /** The IDENTITY_HEADER value: a secret of the host, rotated by the platform; must never reach a log. */
  readonly secret = randomUUID();
  readonly issued: IssuedToken[] = [];
  /** Requests refused, with the reason (wrong header, unknown identity, bad parameters). */
  readonly refused: string[] = [];
  private readonly key = signingKey(`mi-${randomUUID().slice(0, 8)}`);

  constructor(readonly identity: ManagedIdentity) {
    this.server.route('GET', '/msi/token', (request) => this.answer(request));
  }

  get endpoint(): string {
    return `${this.server.url}/msi/token`;
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.identity.tenantId}/`;
  }

  /** The public key as a JWKS document: what a relying party (e.g. a stricter simulator) is told to trust. */
  get jwks(): { keys: Claims[] } {
    return { keys: [publicJwk(this.key)] };
  }

  /** A token as the endpoint would issue it, for the test's own calls (reading ARM as an Azure client would). */
  mint(resource: string): string {
    return this.issue(resource).token;
  }

  /** The claims of a token this endpoint issued for `audience`, or why it is not one. */
  verify(token: string, audience: string): { claims: Claims } | { refused: string } {
    const result = verifyJwt(token, this.key);
    if ('refused' in result) return result;
    const { claims } = result;
    if (claims['aud'] !== audience) return { refused: `audience ${String(claims['aud'])}` };
    if (claims['iss'] !== this.issuer) return { refused: `issuer ${String(claims['iss'])}` };
    if (claims['appid'] !== this.identity.clientId) return { refused: `appid ${String(claims['appid'])}` };
    return result;
  }

  private answer(request: StandInRequest): StandInAnswer {
    const refuse = (status: number, message: string): StandInAnswer => {
      this.refused.push(message);
      return { status, body: { statusCode: status, message, correlationId: randomUUID() } };
    };
    if (request.headers['x-identity-header'] !== this.secret)
      return refuse(401, 'X-IDENTITY-HEADER missing or wrong');
    if (request.query.get('api-version') !== API_VERSION)
      return refuse(400, 'api-version must be 2019-08-01');
    const resource = request.query.get('resource');
    if (!resource) return refuse(400, 'resource is required');
    const clientId = request.query.get('client_id');
    if (clientId?.toLowerCase() !== this.identity.clientId)
      return refuse(400, 'Unable to load the proper Managed Identity.');
    const token = this.mint(resource);
    this.issued.push({ resource, clientId, token });
    const expiresOn = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
      .exp as number;
    return {
      status: 200,
      body: {
        access_token: token,
        expires_on: String(expiresOn),
        resource,
        token_type: 'Bearer',
        client_id: clientId,
      },
    };
  }

  private issue(resource: string): { token: string; expiresOn: number } {
    const now = nowSeconds();
    const { clientId, objectId, tenantId, resourceId } = this.identity;
    const token = signJwt(
      {
        aud: resource,
        iss: this.issuer,
        iat: now,
        nbf: now,
        exp: now + LIFETIME_SECONDS,
        aio: randomUUID(),
        appid: clientId,
        azp: clientId,
        appidacr: '2',
        idp: this.issuer,
        idtyp: 'app',
        oid: objectId,
        sub: objectId,
        tid: tenantId,
        uti: randomUUID().replace(/-/g, ''),
        ver: '1.0',
        xms_mirid: resourceId,
      },
      this.key,
    );
    return { token, expiresOn: now + LIFETIME_SECONDS };
  }
}
