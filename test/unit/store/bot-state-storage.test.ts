import { ConversationState, MemoryStorage, TestAdapter, type Storage } from 'botbuilder';
import { DialogSet, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { AppError } from '../../../src/errors';
import type { Store } from '../../../src/store';
import { TestClock } from './store-fixtures';
import { describeEachStore } from './store-kinds';

/** Returns the rejection of a promise (errors from our code and botbuilder share jest's realm). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describeEachStore('bot state storage (botbuilder Storage on SQLite)', (kind, fresh) => {
  it('reads a missing key as absent and round-trips items with an eTag', async () => {
    const store = await fresh();
    expect(await store.botState.read(['missing'])).toEqual({});
    await store.botState.write({ k1: { step: 2, nested: { factory: 'adf-sales' } }, k2: { step: 1 } });
    const items = await store.botState.read(['k1', 'k2', 'missing']);
    expect(Object.keys(items).sort()).toEqual(['k1', 'k2']);
    expect(items['k1']).toEqual({ step: 2, nested: { factory: 'adf-sales' }, eTag: expect.any(String) });
    expect(items['k1'].eTag).not.toBe(items['k2'].eTag);
    await store.close();
  });

  it('honours eTags like MemoryStorage: current eTag, "*" and no eTag write; a stale one is rejected', async () => {
    for (const storage of [(await fresh()).botState, new MemoryStorage()] as Storage[]) {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k']))['k'];
      await storage.write({ k: { ...first, v: 2 } }); // current eTag: accepted
      const second = (await storage.read(['k']))['k'];
      expect(second.eTag).not.toBe(first.eTag);

      const error = await rejection(storage.write({ k: { ...first, v: 3 } })); // stale
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/eTag conflict/);
      expect((await storage.read(['k']))['k'].v).toBe(2);

      await storage.write({ k: { v: 4, eTag: '*' } });
      await storage.write({ k: { v: 5 } });
      expect((await storage.read(['k']))['k'].v).toBe(5);
    }
  });

  it('rejects a whole batch when one item conflicts, with a typed error', async () => {
    const store = await fresh();
    await store.botState.write({ a: { v: 1 }, b: { v: 1 } });
    const error = await rejection(store.botState.write({ a: { v: 2 }, b: { v: 2, eTag: 'stale' } }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('STATE_CONFLICT');
    const items = await store.botState.read(['a', 'b']);
    expect([items['a'].v, items['b'].v]).toEqual([1, 1]);
    await store.close();
  });

  it('deletes keys (missing ones are ignored), after which any eTag may write again', async () => {
    const store = await fresh();
    await store.botState.write({ k: { v: 1 } });
    const old = (await store.botState.read(['k']))['k'];
    await store.botState.delete(['k', 'never-there']);
    expect(await store.botState.read(['k'])).toEqual({});
    await store.botState.write({ k: { ...old, v: 2 } });
    expect((await store.botState.read(['k']))['k'].v).toBe(2);
    await store.close();
  });

  it('refuses to persist a password, and writes nothing of that batch', async () => {
    const store = await fresh();
    const error = await rejection(
      store.botState.write({
        ok: { v: 1 },
        flow: { dialogStack: [{ state: { values: { password: 'hunter2' } } }] },
      }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/refusing to store a password/);
    expect(await store.botState.read(['ok', 'flow'])).toEqual({});
    await store.close();
  });

  it('keeps a botbuilder-dialogs waterfall across a restart', async () => {
    const path = await kind.location();
    const clock = new TestClock();

    // One "process": a store, ConversationState on it, and a two-question waterfall.
    const boot = async (): Promise<{ store: Store; adapter: TestAdapter }> => {
      const store = await kind.open(path, { now: clock.now });
      const conversationState = new ConversationState(store.botState);
      const dialogState = conversationState.createProperty<DialogState>('dialogState');
      const dialogs = new DialogSet(dialogState);
      dialogs.add(new TextPrompt('text'));
      dialogs.add(
        new WaterfallDialog('connect', [
          async (step) => step.prompt('text', 'Which factory?'),
          async (step) => {
            (step.values as Record<string, unknown>)['factory'] = step.result;
            return step.prompt('text', 'Which server?');
          },
          async (step) => {
            const factory = (step.values as Record<string, unknown>)['factory'];
            await step.context.sendActivity(`Connecting ${String(factory)} to ${String(step.result)}`);
            return step.endDialog();
          },
        ]),
      );
      const adapter = new TestAdapter(async (context) => {
        const dc = await dialogs.createContext(context);
        const result = await dc.continueDialog();
        if (result.status === 'empty') await dc.beginDialog('connect');
        await conversationState.saveChanges(context);
      });
      return { store, adapter };
    };

    const first = await boot();
    await first.adapter
      .send('connect')
      .assertReply('Which factory?')
      .send('adf-sales')
      .assertReply('Which server?');
    await first.store.close();

    const second = await boot(); // the restart: nothing survives but the file
    await second.adapter.send('pg-sandbox').assertReply('Connecting adf-sales to pg-sandbox');
    await second.store.close();
  });
});
