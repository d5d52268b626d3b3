import { Chat } from './support/chat';
import { factory, RITA } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { approveInPortal } from './support/paths';
import { happens, play, tap, type Row } from './support/table';

/**
 * Every free-text answer is checked: a bad one is explained on the same question and asked again, and Azure sees
 * no write for it. `cancel` ends the flow mid-way and says what stays behind.
 */
describe('guided flow: invalid answers and cancel', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  const noWrites = (): Row => [
    happens('(Azure has seen no write)', async () => expect(world.azureWrites()).toEqual([])),
    [],
  ];

  it('re-asks at every step without writing to Azure, then cancels', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ['connect', ['Which data factory']],
      ['adf-nope', ["That isn't one of the choices. Pick one of: adf-contoso."]],
      ['adf-contoso', ['Which PostgreSQL flexible server']],
      ['pg-sandbox', ['Create a managed private endpoint']],
      [
        tap('Create endpoint', { answer: '-mpe' }),
        ['may contain only letters, digits, underscores and dashes, and must not start or end with a dash'],
      ],
      [
        tap('Create endpoint', { answer: 'mpe pg' }),
        ['may contain only letters, digits, underscores and dashes'],
      ],
      [tap('Create endpoint', { answer: 'x'.repeat(128) }), ['at most 127 characters']],
      [
        'mpe-pg-orders',
        ['mpe-pg-orders already exists in this factory (to another target). Choose another name.'],
      ],
      noWrites(),
      ['ok', ['I created the managed private endpoint mpe-pg-sandbox']],
      ...approveInPortal(world, 'mpe-pg-sandbox'),
      [
        happens('(from here on, no more writes are expected)', async () => void world.sim.requests.clear()),
        [],
      ],
      ['1sales', ['A PostgreSQL database name must start with a letter or an underscore.']],
      ['sales-db', ['A PostgreSQL database name may contain only letters, digits, underscores and $.']],
      ['template0', ['template0 is a system database']],
      ['s'.repeat(64), ['at most 63 characters']],
      ['sandbox', ['Which PostgreSQL user signs in']],
      ['pg_monitor', ['Role names starting with pg_ are reserved by PostgreSQL.']],
      ['azure_superuser', ['azure_superuser is a reserved role']],
      ['adf reader', ['may contain only letters, digits, underscores and $']],
      ['adf_reader', ['Where does the password come from']],
      [
        'maybe',
        ["That isn't one of the choices. Pick one of: Key Vault secret (recommended), Type the password."],
      ],
      ['1', ['Which secret in ls-keyvault']],
      [
        tap('Next', { answer: 'pg_secret!' }),
        ['A Key Vault secret name has 1 to 127 characters: letters, digits and dashes only.'],
      ],
      ['pg-secret', ['How should the connection be encrypted']],
      [
        'fastest',
        [
          "That isn't one of the choices. Pick one of: Require (recommended), Verify-full, Prefer, No encryption.",
        ],
      ],
      ['prefer', ['What should the linked service be called']],
      ['ls-pg', ['Data Factory does not allow dashes in linked service names; use underscores instead.']],
      ['1ls', ['A linked service name must start with a letter.']],
      ['ls.pg', ['must not contain any of . + ? / < > * % & : \\ #']],
      ['ls pg', ['Use a name without spaces']],
      [
        'ls_orders',
        ['Ready to create the linked service', 'Encryption: Prefer', 'Linked service: ls_orders'],
      ],
      ['maybe later', ['Tap Create and test when everything is right, or say cancel.']],
      [
        'cancel',
        ['Cancelled your connection flow. The managed private endpoint mpe-pg-sandbox stays in adf-contoso'],
      ],
      [tap('Create and test'), ['This connection flow has ended. Say connect to start a new one.']],
    ]);
    // The stale card's tap is answered on the card, for the tapping person: how the flow ended, and a red line.
    const answer = world.lastTapAnswer();
    expect(answer?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer?.value)).toMatch(/"style":"attention".*This connection flow has ended/);
    expect(JSON.stringify(answer?.value)).toContain('cancelled by the requester');
    await play(rita, [['status', ['You have no connection flows in progress']]]);
    expect(world.azureWrites()).toEqual([]);
    expect(world.sim.world.getLinkedService(factory(), 'ls_orders')).toBeUndefined();
  });

  it('cancels while waiting for the approval, and from a question card', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ['connect adf-contoso pg-sandbox', ['Create a managed private endpoint']],
      [tap('Create endpoint'), ['I created the managed private endpoint mpe-pg-sandbox']],
      [
        'flows',
        [
          'Your connection flows',
          'adf-contoso → pg-sandbox',
          "waiting for the server owner's approval",
          'Private endpoint: mpe-pg-sandbox',
          'Where: this chat',
        ],
      ],
      [
        'cancel',
        ['Cancelled your connection flow. The managed private endpoint mpe-pg-sandbox stays in adf-contoso'],
      ],
      ['connect', ['Which data factory']],
      [tap('Cancel'), ['Cancelled your connection flow. Nothing was created in Azure.', 'Status: Cancelled']],
      ['flows', ['You have no connection flows in progress']],
      ['cancel', ['There is no connection flow of yours to cancel here.']],
    ]);
  });
});
