import { BlindSpots, type BlindSpot, type UnreadableSpot } from '../../../src/approvals/blind-spots';
import { explainReadFailure } from '../../../src/approvals/read-failure-text';
import { AzureError } from '../../../src/errors';

const SCOPE = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-databases';
const forbidden = new AzureError(
  'AZURE_FORBIDDEN',
  'List servers failed (403 AuthorizationFailed)',
  403,
  'AuthorizationFailed',
  undefined,
);
const spot = (error: unknown = forbidden): UnreadableSpot => ({
  key: SCOPE.toLowerCase(),
  label: 'resource group rg-databases',
  scopeId: SCOPE,
  error,
});

function tracker() {
  const told: string[] = [];
  const spots = new BlindSpots({
    cannotSee: async (s: BlindSpot) => void told.push(`blind ${s.label}`),
    canSeeAgain: async (s: BlindSpot) => void told.push(`sees ${s.label}`),
  });
  return { spots, told };
}

describe('blind spots', () => {
  it('tells once after two failing cycles, once when it sees again, and nothing in between', async () => {
    const { spots, told } = tracker();
    await spots.cycleSeen([spot()]);
    expect(told).toEqual([]); // one failure may be a blip
    await spots.cycleSeen([spot()]);
    await spots.cycleSeen([spot()]);
    await spots.cycleSeen([spot()]);
    expect(told).toEqual(['blind resource group rg-databases']);
    expect(spots.current()).toEqual([expect.objectContaining({ label: 'resource group rg-databases' })]);
    await spots.cycleSeen([]);
    await spots.cycleSeen([]);
    expect(told).toEqual(['blind resource group rg-databases', 'sees resource group rg-databases']);
    expect(spots.current()).toEqual([]);
  });

  it('a single failing cycle between good ones says nothing at all', async () => {
    const { spots, told } = tracker();
    await spots.cycleSeen([]);
    await spots.cycleSeen([spot()]);
    await spots.cycleSeen([]);
    await spots.cycleSeen([spot()]);
    await spots.cycleSeen([]);
    expect(told).toEqual([]);
  });
});

describe('why a read failed, in plain words', () => {
  it('a refusal names the role the bot needs and the scope to assign it on', () => {
    expect(explainReadFailure(forbidden, SCOPE)).toEqual({
      reason: "Azure refused to let the bot's identity read it (AuthorizationFailed)",
      fix: `Assign the role "Private Link Bot - Reader" (deploy/roles) or Reader to the bot's identity on ${SCOPE}; I will notice at the next check.`,
    });
  });

  it('throttling and outages say so, and what helps', () => {
    const throttled = new AzureError('AZURE_THROTTLED', 'x', 429, 'TooManyRequests', undefined);
    const down = new AzureError('AZURE_UNAVAILABLE', 'x', 503, undefined, undefined);
    expect(explainReadFailure(throttled, SCOPE).reason).toMatch(/throttling/);
    expect(explainReadFailure(throttled, SCOPE).fix).toMatch(
      /POLL_INTERVAL_SECONDS|DISCOVERY=resource-graph/,
    );
    expect(explainReadFailure(down, SCOPE).reason).toBe('Azure did not answer properly (503)');
  });
});
