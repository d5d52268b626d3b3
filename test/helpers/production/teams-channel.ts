import { TeamsActivities } from '../teams-activities';
import { BotFrameworkLogin, type TeamsSigner } from './bot-framework-login';
import type { Claims } from './jwt';
import { APP_ID, type ProductionWorld } from './production-world';

type Json = Record<string, unknown>;

export interface BotAnswer {
  status: number;
  body: Json;
  ms: number;
}

/**
 * Teams' side of the conversation with the built bot: real Teams activities (test/fixtures/teams) posted over
 * HTTP to /api/messages with the Bot Connector's serviceUrl and, unless a test forges one, a token signed as the
 * Bot Framework signs them. Every token sent is kept, so the log check can look for each.
 */
export class TeamsChannel {
  readonly activities = new TeamsActivities();
  readonly sentTokens: string[] = [];

  constructor(private readonly world: ProductionWorld) {}

  /** A valid Teams token for this bot and connector, with `changes` applied to its claims. */
  token(changes: Claims = {}, signer: TeamsSigner = 'teams'): string {
    const claims = { ...BotFrameworkLogin.teamsClaims(APP_ID, this.world.connector.url), ...changes };
    return this.world.login.sign(claims, signer);
  }

  /**
   * Posts as Teams does: the activity with the connector as serviceUrl and, by default, a valid token.
   * `authorization` null sends no Authorization header at all.
   */
  async post(
    activity: Json,
    authorization: string | null = `Bearer ${this.token()}`,
    botUrl = this.world.botUrl,
  ): Promise<BotAnswer> {
    const token = /^Bearer (\S+)/.exec(authorization ?? '')?.[1];
    if (token) this.sentTokens.push(token);
    const started = performance.now();
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ ...activity, serviceUrl: this.world.connector.url }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Json) : {},
      ms: performance.now() - started,
    };
  }

  /** Whether the bot still answers its health probe, as App Service's would ask. */
  async healthy(): Promise<boolean> {
    const res = await fetch(`${this.world.botUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return res.status === 200 && ((await res.json()) as Json)['mode'] === 'azure';
  }
}
