import { z } from 'zod';

/**
 * The `state` botbuilder sends to GetSignInResource: base64 of JSON `{connectionName, conversation, relatesTo,
 * msAppId}` (UserTokenClient.createTokenExchangeState), where `conversation` is the activity's conversation
 * reference — so the sign-in flow knows whose it is (`conversation.user.id`) and on which channel.
 */
export interface TokenExchangeState {
  connectionName: string;
  msAppId: string;
  userId: string;
  channelId: string;
}

const STATE = z.object({
  connectionName: z.string().min(1),
  msAppId: z.string(),
  conversation: z.object({
    user: z.object({ id: z.string().min(1) }),
    channelId: z.string().min(1),
  }),
});

export function decodeTokenExchangeState(state: string): TokenExchangeState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(state, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const result = STATE.safeParse(parsed);
  if (!result.success) return undefined;
  const { connectionName, msAppId, conversation } = result.data;
  return { connectionName, msAppId, userId: conversation.user.id, channelId: conversation.channelId };
}
