import {
  CardFactory,
  type AdaptiveCardInvokeResponse,
  type Attachment,
  type SignInUrlResponse,
} from 'botbuilder';

const SIGN_IN_TEXT =
  'Sign in so I can act in Azure as you: Azure then decides what you may do, and its log names you.';

/**
 * The Universal Actions answer to a tap from someone the token service has no token for: Teams signs them in (single
 * sign-on where the app is consented, else the button) and sends the same action again with
 * `value.authentication.token` (or `value.state`, a magic code). learn.microsoft.com/microsoftteams/platform/bots/
 * how-to/conversations/universal-actions-for-adaptive-cards/enable-sso-for-your-adaptive-cards-universal-actions.
 */
export function loginRequest(
  resource: SignInUrlResponse,
  connectionName: string,
): AdaptiveCardInvokeResponse {
  return {
    statusCode: 401,
    type: 'application/vnd.microsoft.activity.loginRequest',
    value: {
      text: SIGN_IN_TEXT,
      connectionName,
      ...(resource.tokenExchangeResource ? { tokenExchangeResource: resource.tokenExchangeResource } : {}),
      buttons: [{ type: 'signin', title: 'Sign in', value: resource.signInLink }],
    } as never,
  };
}

/**
 * The chat equivalent: an OAuth card. Teams performs single sign-on with its tokenExchangeResource (a
 * signin/tokenExchange invoke follows); other clients show the button, which ends with signin/verifyState.
 */
export function signInCard(resource: SignInUrlResponse, connectionName: string, why: string): Attachment {
  return CardFactory.oauthCard(
    connectionName,
    'Sign in',
    `${why} ${SIGN_IN_TEXT}`,
    resource.signInLink,
    resource.tokenExchangeResource,
  );
}
