import { SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { trustTokenService } from '../../../src/sandbox/token-service';
import { botbuilderClient, CHANNEL, CONNECTION, expectPerson, OMITTED, useTokenService } from './support';

describe('token service stand-in over HTTPS', () => {
  const started = useTokenService({ signIn: 'silent', tls: true });

  it("serves botbuilder once its client trusts the stand-in's certificate, and only then", async () => {
    const { entra, service } = started();
    expect(service.url.startsWith('https://127.0.0.1:')).toBe(true);
    const untrusting = await botbuilderClient(service.url);
    await expect(untrusting.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });

    const trusting = await botbuilderClient(service.url, {
      connectorClientOptions: {
        requestPolicyFactories: [trustTokenService({ url: service.url, caPem: service.caPem ?? '' })],
      },
    });
    const response = await trusting.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);
    expectPerson(entra, response.token, SANDBOX_PEOPLE.avery);
  });
});
