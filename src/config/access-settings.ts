import { ConfigError } from '../errors';
import { type Env, parseChoice, parseExistingFile, parseGuidList, read } from './parsers';
import { SANDBOX_APPROVER_ID, SANDBOX_REQUESTER_ID } from './sandbox-identities';

export const ACT_AS = ['user', 'bot'] as const;
export type ActAs = (typeof ACT_AS)[number];
export const SANDBOX_SIGN_IN = ['silent', 'prompt'] as const;

/** The sandbox token service stand-in's OAuth connection, when none is named. */
export const SANDBOX_CONNECTION_NAME = 'sandbox-arm';

/** Who acts in Azure (ACT_AS) and, for the bot's own identity, who may ask it to. */
export interface AccessSettings {
  /** user: every write for someone is made with their delegated token (Azure decides); bot: the bot's identity. */
  readonly actAs: ActAs;
  /** ACT_AS=user: the Azure Bot's OAuth connection whose scope is ARM `user_impersonation`. */
  readonly oauthConnectionName: string | undefined;
  /** ACT_AS=bot: approvers of every server (APPROVER_IDS). */
  readonly approverIds: readonly string[];
  /** ACT_AS=bot: who may start the guided flow from any factory in scope (REQUESTER_IDS). */
  readonly requesterIds: readonly string[];
  /** ACT_AS=bot: the policy file (approvers per server, requesters per factory) and the variable that named it. */
  readonly policyFile: { readonly variable: string; readonly path: string } | undefined;
  /** Sandbox: whether its token service signs people in silently (like consented SSO) or shows a sign-in card. */
  readonly sandboxSignIn: (typeof SANDBOX_SIGN_IN)[number];
}

const CONNECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}$/;

export function loadAccessSettings(
  env: Env,
  sandbox: boolean,
  cwd: string,
  /** A bot registration is configured (MicrosoftAppId). */
  registered: boolean,
): AccessSettings {
  const actAs = parseChoice('ACT_AS', read(env, 'ACT_AS'), ACT_AS, 'user');
  if (sandbox && registered && actAs === 'user') {
    // The sandbox's token service stands in only for a bot without a registration (loopback, unauthenticated).
    throw new ConfigError(
      'ACT_AS',
      'must be bot in the sandbox with a MicrosoftAppId: the sandbox token service serves only the unregistered ' +
        'local bot. Remove MicrosoftAppId, or set ACT_AS=bot.',
    );
  }
  const connection = read(env, 'OAUTH_CONNECTION_NAME');
  if (connection !== undefined && !CONNECTION_NAME.test(connection))
    throw new ConfigError('OAUTH_CONNECTION_NAME', `"${connection}" is not an OAuth connection name`);
  if (actAs === 'user' && connection === undefined && !sandbox) {
    throw new ConfigError(
      'OAUTH_CONNECTION_NAME',
      'is required with ACT_AS=user: name the Azure Bot OAuth connection whose scope is ARM user_impersonation ' +
        '(docs/deployment.md), or set ACT_AS=bot to let the bot write with its own identity',
    );
  }
  const policyVariable = read(env, 'POLICY_FILE') !== undefined ? 'POLICY_FILE' : 'APPROVERS_FILE';
  const policyPath = parseExistingFile(policyVariable, read(env, policyVariable), cwd);
  const approverIds = parseGuidList('APPROVER_IDS', read(env, 'APPROVER_IDS'));
  const requesterIds = parseGuidList('REQUESTER_IDS', read(env, 'REQUESTER_IDS'));
  if (actAs === 'user') {
    // A list the bot would ignore is worse than none: someone would believe it protects something.
    for (const variable of ['APPROVER_IDS', 'REQUESTER_IDS', 'POLICY_FILE', 'APPROVERS_FILE'] as const)
      if (read(env, variable) !== undefined)
        throw new ConfigError(
          variable,
          'applies only with ACT_AS=bot; with ACT_AS=user Azure decides who may do what (role assignments)',
        );
  }
  return {
    actAs,
    oauthConnectionName: actAs === 'user' ? (connection ?? SANDBOX_CONNECTION_NAME) : undefined,
    approverIds: actAs === 'bot' && approverIds.length === 0 && sandbox ? [SANDBOX_APPROVER_ID] : approverIds,
    requesterIds:
      actAs === 'bot' && requesterIds.length === 0 && sandbox
        ? [SANDBOX_REQUESTER_ID, SANDBOX_APPROVER_ID]
        : requesterIds,
    policyFile: policyPath ? { variable: policyVariable, path: policyPath } : undefined,
    sandboxSignIn: parseChoice('SANDBOX_SIGN_IN', read(env, 'SANDBOX_SIGN_IN'), SANDBOX_SIGN_IN, 'silent'),
  };
}
