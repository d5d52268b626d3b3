import type { SslMode } from '../azure/gateway';
import type { FactoryRef, ServerRef } from '../domain/resource-ids';
import type { Actor, StoredTestOutcome } from '../store';
import type { EndpointProgress } from './connect-service';

/**
 * How the requester signs the linked service in. A typed password is never part of this: the draft is stored in
 * dialog state, and the password is only ever read from the Create tap and handed to Azure in that moment.
 */
export type SignIn = { kind: 'keyVault'; store: string; secretName: string } | { kind: 'typed' };

/** Everything the requester chose so far: the dialog state, so only JSON and no secrets. */
export interface FlowDraft {
  flowId: string;
  requester: Actor;
  tenantId: string;
  /** From `connect <factory> <server>`: taken as answers, and checked like typed ones. */
  preset?: { factory?: string; server?: string };
  factory?: FactoryRef;
  server?: ServerRef;
  /** The server's host name (FQDN); the linked service connects to it through the private endpoint. */
  host?: string;
  runtime?: string;
  endpoint?: string;
  database?: string;
  username?: string;
  signIn?: SignIn;
  sslMode?: SslMode;
  linkedService?: string;
  replaces?: boolean;
}

/** What a step dialog ends with: more answers, or the end of the flow (with how it ended, in words). */
export type StepResult = { update: Partial<FlowDraft> } | { stop: string };

/** Delivered to a waiting flow from outside its conversation (approval loop, background test). */
export type FlowEvent =
  { kind: 'endpoint'; progress: EndpointProgress } | { kind: 'test'; outcome: StoredTestOutcome };

export const TOTAL_STEPS = 8;

export const STEP_TITLES = [
  'Factory',
  'Server',
  'Integration runtime',
  'Private endpoint',
  'Database and sign-in',
  'Encryption',
  'Name',
  'Create and test',
] as const;

export function stepLabel(step: number): string {
  return `Step ${step} of ${TOTAL_STEPS} · ${STEP_TITLES[step - 1] ?? ''}`;
}
