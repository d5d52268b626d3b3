import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonContentType, readActivity } from '../../../src/teams/edge/inbound-activity';
import { serviceUrlProblem } from '../../../src/teams/edge/service-url';
import invokeApprove from '../../fixtures/teams/invoke-approve.json';

const FIXTURES = join(__dirname, '../../fixtures/teams');
type Json = Record<string, unknown>;

const read = (activity: unknown, mode: 'azure' | 'sandbox' = 'azure') =>
  readActivity(JSON.stringify(activity), mode);

describe('the inbound edge', () => {
  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')))(
    'accepts the real Teams payload %s',
    (file) => {
      const activity = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Json;
      expect(read(activity)).toEqual({ ok: true, activity });
    },
  );

  it.each([
    ['signin/verifyState', { state: '123456' }],
    ['signin/tokenExchange', { id: 'exchange-1', connectionName: 'arm', token: 'eyJ.a.b' }],
  ])('accepts the %s invoke Teams sends after a sign-in', (name, value) => {
    expect(read({ ...invokeApprove, name, value }).ok).toBe(true);
  });

  it('accepts a tap Teams resends with the SSO token or a magic code (Universal Actions sign-in)', () => {
    const value = invokeApprove.value;
    expect(
      read({
        ...invokeApprove,
        value: { ...value, authentication: { id: 'x', connectionName: 'arm', token: 't' } },
      }).ok,
    ).toBe(true);
    expect(read({ ...invokeApprove, value: { ...value, state: '654321' } }).ok).toBe(true);
  });

  it('refuses a sign-in invoke without what its handler reads', () => {
    expect(read({ ...invokeApprove, name: 'signin/tokenExchange', value: { id: 'x' } })).toMatchObject({
      ok: false,
      status: 400,
      body: {
        type: 'application/vnd.microsoft.error',
        value: { message: expect.stringMatching(/^value\.connectionName/) },
      },
    });
  });

  it('outside the sandbox takes only https service URLs, on any host', () => {
    expect(serviceUrlProblem('https://smba.trafficmanager.net/emea/', 'azure')).toBeUndefined();
    expect(serviceUrlProblem('https://127.0.0.1:8443/', 'azure')).toBeUndefined();
    expect(serviceUrlProblem('http://smba.trafficmanager.net/emea/', 'azure')).toBe(
      'serviceUrl must be https.',
    );
    expect(serviceUrlProblem('ftp://smba.trafficmanager.net/', 'azure')).toBe('serviceUrl must be https.');
    expect(read({ ...invokeApprove, serviceUrl: 'http://smba.trafficmanager.net/emea/' })).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('in the sandbox takes only loopback service URLs', () => {
    for (const ok of [
      'http://localhost:56150/_connector',
      'http://127.0.0.1:4000/',
      'https://[::1]:3000/',
      'http://127.8.9.1/',
    ])
      expect(serviceUrlProblem(ok, 'sandbox')).toBeUndefined();
    for (const bad of [
      'https://smba.trafficmanager.net/emea/',
      'http://10.0.0.1/',
      'http://localhost.evil.example/',
      'http://127.0.0.1.nip.io/',
      'file:///etc/passwd',
    ])
      expect(serviceUrlProblem(bad, 'sandbox')).toBeDefined();
  });

  it('knows JSON by its media type only', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType('text/plain; note=application/json')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});
