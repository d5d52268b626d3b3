import { Agent } from 'node:https';
import type { ConnectorClientOptions } from 'botframework-connector';

type PolicyFactory = Extract<ConnectorClientOptions['requestPolicyFactories'], unknown[]>[number];

/**
 * For a stand-in started with `tls: true`: botbuilder's TokenApiClient takes no CA option (it ignores
 * `agentSettings`), but request policies may set a request's agent. Pass `{requestPolicyFactories:
 * [trustTokenService(service)]}` as ConfigurationBotFrameworkAuthentication's connector client options; only
 * requests to the stand-in get the agent that trusts its certificate (connector calls keep theirs).
 * NODE_EXTRA_CA_CERTS at process start works too.
 */
export function trustTokenService(service: { url: string; caPem: string }): PolicyFactory {
  const agent = new Agent({ ca: service.caPem });
  const prefix = `${service.url}/`;
  return {
    create: (next) => ({
      sendRequest: (request) => {
        if (request.url.startsWith(prefix)) request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
}
