import type { Activity } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { AccessSettings } from '../config/access-settings';
import { type CheckResult, fail, httpFailure, ok, unchecked } from './check-result';

const CHECK = 'OAuth connection';

/**
 * Asks the Bot Framework token service, with the bot's own credentials, for the sign-in resource of the OAuth
 * connection (GetSignInResource, what a sign-in card needs). It answers only when the bot's registration and the
 * connection name are right, and its token exchange resource is the connection's Token Exchange URL, which Teams
 * single sign-on needs to be `api://botid-<bot app id>` (the SSO app's Application ID URI).
 */
export async function checkOAuthConnection(
  access: AccessSettings,
  appId: string,
  client: () => Promise<UserTokenClient>,
): Promise<CheckResult> {
  const connection = access.oauthConnectionName;
  if (access.actAs !== 'user' || connection === undefined)
    return unchecked(CHECK, 'ACT_AS=bot: the bot uses no OAuth connection');
  let resource;
  try {
    resource = await (await client()).getSignInResource(connection, doctorActivity(), '');
  } catch (error) {
    const { status, message } = httpFailure(error);
    const hint =
      status === 401
        ? ' (the token service refused the bot itself: check MicrosoftAppId and its identity)'
        : '';
    return fail(CHECK, `the token service refused "${connection}": ${status ?? ''} ${message}${hint}`.trim());
  }
  if (!resource.signInLink) return fail(CHECK, `"${connection}" gave no sign-in link`);
  const expected = `api://botid-${appId}`;
  const uri = resource.tokenExchangeResource?.uri;
  if (uri !== expected)
    return fail(
      CHECK,
      `"${connection}" answers, but its Token Exchange URL is ${uri ?? '(empty)'}, not ${expected}: Teams single sign-on will show the Sign in button`,
    );
  return ok(CHECK, `"${connection}" answers; Token Exchange URL ${uri}`);
}

/** The smallest activity botbuilder builds a sign-in state from: who asks (nobody real), where, on which channel. */
function doctorActivity(): Activity {
  return {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/teams/',
    from: { id: 'npm-run-doctor', name: 'npm run doctor' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: 'npm-run-doctor', isGroup: false, conversationType: 'personal', name: 'doctor' },
  } as Activity;
}
