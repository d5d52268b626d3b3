import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import { Chat } from './support/chat';
import { RITA, SAM, TENANT } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { play, tap } from './support/table';

/** In a group chat everyone sees the cards: only the requester answers, and only the latest question. */
describe('guided flow: who may tap what', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it("keeps flows per person, refuses taps on someone else's card and on answered questions", async () => {
    const group = {
      id: '19:group-chat@unq.gbl.spaces',
      conversationType: 'groupChat',
      isGroup: true,
      tenantId: TENANT,
      name: 'Data platform',
    };
    const rita = new Chat(world, RITA, group);
    const sam = new Chat(world, SAM, group);
    await play(rita, [['connect', ['Which data factory']]]);
    const mark = world.mark();
    await play(sam, [
      [
        tap('adf-contoso'),
        ["This card belongs to Rita Requester's connection flow; only they can answer it."],
      ],
    ]);
    // Answered with a card for Sam only (a red line saying why); Rita's question card is not touched.
    const answer = world.lastTapAnswer();
    expect(answer?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardSchemaErrors(answer?.value)).toEqual([]);
    expect(JSON.stringify(answer?.value)).toMatch(/"style":"attention".*belongs to Rita Requester/);
    expect(world.transcriptSince(mark)).not.toMatch(/^\(update\)/m);
    await play(sam, [
      ['adf-contoso', ['Private Link helper']], // Sam has no flow here: his message is not an answer to Rita's question
    ]);
    await play(rita, [
      [tap('adf-contoso'), ['Factory: adf-contoso', 'Which PostgreSQL flexible server']],
      ['pg-sandbox', ['Create a managed private endpoint']],
      [tap('pg-orders'), ['That question was already answered or replaced by a newer one']],
      ['connect', ['You already have a connection flow going here', 'Create a managed private endpoint']],
    ]);
    expect(world.azureWrites()).toEqual([]);
  });
});
