import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { ArmClients } from '../../../src/azure/arm-clients';

/** Every client asks for a token for the ARM it talks to: a sovereign cloud's, not always management.azure.com's. */
class ScopeRecorder implements TokenCredential {
  readonly asked: string[][] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.asked.push([scopes].flat());
    throw new Error('no token here: the test only looks at the scopes asked for');
  }
}

const GOV = 'https://management.usgovcloudapi.net';

it('Resource Graph asks for the configured ARM endpoint’s audience, not always management.azure.com’s', async () => {
  const credential = new ScopeRecorder();
  const clients = new ArmClients({ credential, endpoint: GOV, retry: { maxRetries: 0 } });
  await expect(
    clients.resourceGraph().resources({ query: 'resources | project id', subscriptions: ['x'] }),
  ).rejects.toThrow();
  expect(credential.asked.map((s) => s.join(' '))).toEqual([`${GOV}/.default`]);
});
