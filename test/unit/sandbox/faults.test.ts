import { FaultInjector } from '../../../src/sandbox/faults';

describe('FaultInjector', () => {
  it('matches by method and path, first rule wins', () => {
    const faults = new FaultInjector();
    faults.add({ method: 'put', path: /connections/i, kind: 'server-error' });
    faults.add({ path: /connections/i, kind: 'slow', delayMs: 5 });
    expect(faults.take('GET', '/a/privateEndpointConnections/x')?.kind).toBe('slow');
    expect(faults.take('PUT', '/a/privateEndpointConnections/x')?.kind).toBe('server-error');
    expect(faults.take('PUT', '/servers/x')).toBeUndefined();
  });

  it('applies a rule `times` times, then drops it', () => {
    const faults = new FaultInjector();
    faults.add({ path: /x/, kind: 'throttle', times: 2 });
    expect(faults.take('GET', '/x')?.hits).toBe(1);
    expect(faults.take('GET', '/x')?.hits).toBe(2);
    expect(faults.take('GET', '/x')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('removes one rule by id and clears all', () => {
    const faults = new FaultInjector();
    const a = faults.add({ path: /a/, kind: 'reset' });
    faults.add({ path: /b/, kind: 'reset' });
    expect(faults.remove(a)).toBe(true);
    expect(faults.remove(a)).toBe(false);
    expect(faults.list().map((r) => r.path.source)).toEqual(['b']);
    faults.clear();
    expect(faults.take('GET', '/b')).toBeUndefined();
  });

  it('is not fooled by a global RegExp keeping lastIndex', () => {
    const faults = new FaultInjector();
    faults.add({ path: /x/g, kind: 'server-error' });
    expect(faults.take('GET', '/x')).toBeDefined();
    expect(faults.take('GET', '/x')).toBeDefined();
  });

  it('rejects a non-positive times', () => {
    expect(() => new FaultInjector().add({ path: /x/, kind: 'reset', times: 0 })).toThrow(/positive integer/);
  });
});
