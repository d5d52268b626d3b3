import type { TurnContext } from 'botbuilder';
import type { AzureGateway } from '../azure/gateway';
import type { Access } from '../identity/access';
import type { Acting } from '../identity/acting';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { ConnectService } from './connect-service';

/** Azure operations started by the flow that outlive the turn (interactive authoring): awaited at shutdown. */
export class BackgroundJobs {
  private readonly running = new Set<Promise<void>>();

  track(job: Promise<void>): void {
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/** What every ConnectService shares, whoever it acts for. */
export interface ConnectShared {
  /** The bot's own gateway: server facts and background reads. */
  bot: AzureGateway;
  store: Store;
  logger: Logger;
  access: Access;
  background: BackgroundJobs;
}

const ACTING = Symbol('connect.acting');

/**
 * The flow's door to Azure, per identity: the runner resolves who acts for a turn (the person signed in, or the
 * bot) and puts it in the turn; steps ask `for(turn)`; background work (the test run) uses `as(acting)`.
 */
export class ConnectServices {
  constructor(readonly shared: ConnectShared) {}

  /** For a turn the runner prepared with `bind`. */
  for(turn: TurnContext): ConnectService {
    const acting = turn.turnState.get<Acting>(ACTING);
    if (!acting) throw new Error('no acting identity bound to this turn (FlowRunner.bind was not called)');
    return this.as(acting);
  }

  as(acting: Acting): ConnectService {
    return new ConnectService(acting, this.shared);
  }

  /** Who acts in this turn, for the steps that hand work to the background. */
  actingOf(turn: TurnContext): Acting | undefined {
    return turn.turnState.get<Acting>(ACTING);
  }

  bind(turn: TurnContext, acting: Acting): void {
    turn.turnState.set(ACTING, acting);
  }

  idle(): Promise<void> {
    return this.shared.background.idle();
  }
}
