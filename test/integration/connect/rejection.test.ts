import { Chat } from './support/chat';
import { RITA } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { happens, play, tap } from './support/table';

describe('guided flow: the endpoint is rejected', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it('tells the requester who rejected it and why, and ends the flow', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ['connect adf-contoso pg-sandbox', ['<Endpoint name: mpe-pg-sandbox>']],
      [
        tap('Create endpoint', { answer: 'mpe-sandbox-etl' }),
        [
          'I created the managed private endpoint mpe-sandbox-etl',
          'No Teams channel watches pg-sandbox with this bot',
          'Networking → Private endpoint connections',
        ],
      ],
      [
        happens(
          'Olga rejects it on her card, with a reason',
          async () => void (await world.loop.decide('pg-sandbox', 'Rejected', 'not for production data')),
        ),
        [
          'The private endpoint mpe-sandbox-etl to pg-sandbox was rejected by Olga Owner. Reason: not for production data.',
          "talk to the server's owner",
        ],
      ],
      ['sandbox', ['Private Link helper']], // no flow any more: the message is a command again (help)
    ]);
    expect(await world.store.connectFlows.listOpen()).toEqual([]);
    // Nothing but the endpoint was written.
    expect(world.azureWrites()).toEqual([
      expect.stringMatching(/^PUT .*\/managedPrivateEndpoints\/mpe-sandbox-etl$/),
      expect.stringMatching(/^PUT .*\/privateEndpointConnections\//),
    ]);
  });
});
