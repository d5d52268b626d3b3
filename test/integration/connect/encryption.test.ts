import { Chat } from './support/chat';
import { factory, RITA } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { approveInPortal, keyVaultSignIn, upToDatabase } from './support/paths';
import { play, tap } from './support/table';

describe('guided flow: encryption', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it('refuses No encryption on pg-orders, which requires TLS, and asks again', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      [
        'connect adf-contoso pg-orders',
        [
          'adf-contoso already has a managed private endpoint to pg-orders: mpe-pg-orders (Data Factory shows it as Pending). I will use it.',
          'must approve it',
        ],
      ],
      ...approveInPortal(world, 'mpe-pg-orders'),
      ...keyVaultSignIn('orders'),
      [
        tap('No encryption'),
        [
          'pg-orders requires encrypted connections (require_secure_transport is on)',
          'would fail to connect',
          'Choose Require, Verify-full or Prefer',
          '[No encryption]',
        ],
      ],
      ['no encryption', ['pg-orders requires encrypted connections']],
      [tap('Verify-full'), ['Step 7 of 8']],
    ]);
  });

  it('warns about No encryption on pg-sandbox and takes it only on an explicit yes', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [
        tap('No encryption'),
        [
          'Really without encryption?',
          'pg-sandbox accepts unencrypted connections (require_secure_transport is off)',
          'travel in clear text',
          '[Yes, no encryption]',
          '[Choose again]',
        ],
      ],
      [tap('Choose again'), ['How should the connection be encrypted']],
      [tap('No encryption'), ['Really without encryption?']],
      [tap('Yes, no encryption'), ['Step 7 of 8']],
      ['ok', ['Encryption: No encryption']],
      [tap('Create and test'), ['Connection successful']],
    ]);
    await world.feature.idle();
    expect(world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_sandbox')?.properties).toMatchObject({
      typeProperties: { sslMode: 0 },
    });
  });
});
