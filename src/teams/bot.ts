import {
  ActivityHandler,
  ActivityTypes,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Identity } from '../identity/identity';
import type { Logger } from '../logger';
import { checkActivity, type GuardPolicy, type GuardVerdict } from './activity-guard';
import type { BotBehaviour } from './bot-feature';
import type { InstallationTracker } from './installation';

export interface BotDeps {
  /** Every feature's commands, card verbs and middleware (`registerFeatures`). */
  behaviour: BotBehaviour;
  guard: GuardPolicy;
  logger: Logger;
  installations?: InstallationTracker;
  /** Called for a refused card tap (e.g. another tenant), so the refusal reaches the audit log. */
  onRefusedTap?: (turn: TurnContext, verdict: Extract<GuardVerdict, { allowed: false }>) => Promise<void>;
  /** Completes sign-ins (SSO token exchange, verifyState, a typed magic code) and says what to handle after. */
  identity?: Identity;
}

/**
 * The Teams-facing bot: checks every activity against the tenant and channel guard, then hands messages to the
 * features' middleware and commands, and card taps to their verbs (one surface: bot-feature.ts). Kept small on
 * purpose: behaviour lives in the features.
 */
export class PrivateLinkBot extends ActivityHandler {
  /** The tenant of the turn being handled, as the guard established it (set before any handler runs). */
  private readonly tenants = new WeakMap<TurnContext, string>();

  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      const tenantId = this.tenants.get(context) ?? '';
      await this.deps.installations?.rememberPersonalChat(context, tenantId);
      // A magic code typed after a sign-in card (clients that can neither do SSO nor send verifyState).
      const signIn = await this.deps.identity?.redeemTypedCode(context);
      if (signIn) return this.afterSignIn(context, signIn).then(next);
      // A message with a value and no text is a card's Action.Submit, not a chat command.
      if (context.activity.text || context.activity.value === undefined)
        await this.deps.behaviour.onMessage(context, tenantId);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.deps.installations?.installed(context, this.tenants.get(context) ?? '');
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.installations?.uninstalled(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const verdict = checkActivity(context.activity, this.deps.guard);
    if (!verdict.allowed) {
      this.deps.logger.warn(
        {
          reason: verdict.reason,
          channelId: verdict.channelId,
          tenantId: verdict.tenantId,
          activityType: context.activity.type,
          activityId: context.activity.id,
        },
        'activity refused by guard',
      );
      if (context.activity.type === ActivityTypes.Invoke) {
        if (context.activity.name === 'adaptiveCard/action') await this.deps.onRefusedTap?.(context, verdict);
        await refuseInvoke(context);
      }
      return;
    }
    this.tenants.set(context, verdict.tenantId);
    await super.run(context);
  }

  /** signin/tokenExchange (already exchanged by TeamsSSOTokenExchangeMiddleware) and signin/verifyState. */
  protected override async onSignInInvoke(context: TurnContext): Promise<void> {
    if (!this.deps.identity) return super.onSignInInvoke(context);
    await this.afterSignIn(context, await this.deps.identity.completeSignIn(context));
  }

  /** What was asked before the sign-in is handled now, as if just said; otherwise a word that it worked. */
  private async afterSignIn(
    context: TurnContext,
    done: { signedIn: boolean; resume?: string },
  ): Promise<void> {
    if (!done.signedIn) {
      await context.sendActivity('Signing in did not complete. Tap Sign in on the card again.');
      return;
    }
    if (!done.resume) {
      await context.sendActivity('You are signed in.');
      return;
    }
    const message = { ...context.activity, type: ActivityTypes.Message, text: done.resume } as Activity;
    delete message.value;
    delete message.name;
    const replay = new TurnContext(context.adapter, message);
    // The same connector, token client and identity as this turn: the replay is part of it.
    for (const [key, value] of context.turnState) replay.turnState.set(key, value);
    await this.run(replay);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return this.deps.behaviour.onCardAction(context, invokeValue, this.tenants.get(context) ?? '');
  }
}

/** Invokes expect an answer; Teams shows `application/vnd.microsoft.error` bodies as an error, not a hang. */
async function refuseInvoke(context: TurnContext): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 403,
      body: {
        statusCode: 403,
        type: 'application/vnd.microsoft.error',
        value: { code: 'Forbidden', message: 'This bot does not serve this tenant or channel.' },
      },
    },
  });
}
