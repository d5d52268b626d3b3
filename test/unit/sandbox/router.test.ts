import { ok } from '../../../src/sandbox/http-types';
import { Router } from '../../../src/sandbox/router';

describe('Router', () => {
  const router = new Router()
    .add(
      'GET',
      '/subscriptions/{subscriptionId}/resourceGroups/{rg}/providers/Microsoft.X/things/{name}',
      'postgres',
      (_r, p) => ok(p),
    )
    .add(
      'PUT',
      '/subscriptions/{subscriptionId}/resourceGroups/{rg}/providers/Microsoft.X/things/{name}',
      'postgres',
      () => ok({}),
    );

  it('matches literal segments ignoring case and decodes parameters', () => {
    const match = router.match(
      'get',
      '/SUBSCRIPTIONS/s1/resourcegroups/rg%201/providers/microsoft.x/THINGS/a.b',
    );
    expect(match).toMatchObject({ kind: 'found', params: { subscriptionId: 's1', rg: 'rg 1', name: 'a.b' } });
  });

  it('tolerates a trailing slash', () => {
    expect(
      router.match('GET', '/subscriptions/s/resourceGroups/r/providers/Microsoft.X/things/n/').kind,
    ).toBe('found');
  });

  it('tells a wrong method from an unknown path', () => {
    expect(
      router.match('DELETE', '/subscriptions/s/resourceGroups/r/providers/Microsoft.X/things/n'),
    ).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'PUT'],
    });
    expect(router.match('GET', '/subscriptions/s/resourceGroups/r/providers/Microsoft.X/other/n').kind).toBe(
      'not-found',
    );
    expect(
      router.match('GET', '/subscriptions/s/resourceGroups/r/providers/Microsoft.X/things/%E0%A4%A').kind,
    ).toBe('not-found');
  });
});
