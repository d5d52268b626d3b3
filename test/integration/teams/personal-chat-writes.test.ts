import type { Store } from '../../../src/store/store';
import { REQUESTER, TeamsAppHarness } from '../../helpers/teams-app-harness';

/** Personal messages on the hot path: the 1:1 chat's reference is written when it changes, not on every message. */
let saves = 0;

/** The real store, with its personal-chat saves counted on the way through. */
function countingSaves(real: Store): Store {
  const conversations = new Proxy(real.conversations, {
    get: (target, key) => {
      const value = Reflect.get(target, key, target) as unknown;
      if (key !== 'savePersonalConversation' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        saves++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return new Proxy(real, {
    get: (target, key, receiver) =>
      key === 'conversations' ? conversations : (Reflect.get(target, key, receiver) as unknown),
  });
}

const harness = new TeamsAppHarness({}, undefined, undefined, { wrapStore: countingSaves });
beforeAll(() => harness.start());
afterAll(() => harness.stop());

describe("a person's 1:1 chat reference", () => {
  it('is saved by the first message, not again by an identical one, and again once it changed', async () => {
    const before = saves;
    expect((await harness.post(harness.personalMessage('help'))).status).toBe(200);
    expect((await harness.post(harness.personalMessage('help'))).status).toBe(200);
    expect(saves - before).toBe(1);
    const stored = await harness.app.store.conversations.getPersonalConversation(REQUESTER.aadObjectId);
    expect(stored?.reference.user).toMatchObject({ name: REQUESTER.name });

    // Teams now shows the person under another name: the address changed, so it is saved.
    const renamed = { ...REQUESTER, name: 'Riley R. Requester' };
    expect((await harness.post(harness.personalMessage('help', renamed))).status).toBe(200);
    expect(saves - before).toBe(2);
    const after = await harness.app.store.conversations.getPersonalConversation(REQUESTER.aadObjectId);
    expect(after?.reference.user).toMatchObject({ name: 'Riley R. Requester' });
  });
});
