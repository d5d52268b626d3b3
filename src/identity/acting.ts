import type { AzureGateway } from '../azure/gateway';

/**
 * Who Azure sees when the bot acts for someone. With ACT_AS=user it is the person (their delegated token, so Azure
 * RBAC decides and the activity log names them); with ACT_AS=bot it is the bot's own identity, and the bot's policy
 * file decided beforehand.
 */
export type Acting =
  | { kind: 'person'; objectId: string; name: string; gateway: AzureGateway }
  | { kind: 'bot'; gateway: AzureGateway };

/** For the audit log: which identity made a write (never a token). */
export function writtenAs(acting: Acting): string {
  return acting.kind === 'person' ? `person:${acting.objectId}` : 'bot';
}
