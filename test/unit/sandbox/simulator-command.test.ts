import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/errors';
import { parseSimulatorCommand } from '../../../src/sandbox/main';

/** `npm run simulator` options: argv first, then the sandbox's environment variables. */
describe('parseSimulatorCommand', () => {
  it('defaults: any free port on loopback, the sandbox seed and timings, no CA file', () => {
    expect(parseSimulatorCommand([], {}, '/srv')).toEqual({
      options: {
        port: 0,
        host: '127.0.0.1',
        lroSeconds: 8,
        adfSyncSeconds: 20,
        probeSeconds: 3,
        mpeProvisionSeconds: 5,
        pageSize: 50,
        resourceGraphLagSeconds: 0,
        seed: 'sandbox',
      },
      caFile: undefined,
      logLevel: 'info',
    });
  });

  it('reads argv, resolving paths against the working directory; argv wins over the environment', () => {
    const command = parseSimulatorCommand(
      [
        '--port',
        '4000',
        '--ca-file',
        'ca.pem',
        '--state',
        'world.json',
        '--lro-seconds',
        '0.5',
        '--seed',
        'empty',
      ],
      {
        SANDBOX_ARM_PORT: '5000',
        SANDBOX_ADF_SYNC_SECONDS: '2',
        SANDBOX_MPE_PROVISION_SECONDS: '0.5',
        SANDBOX_PAGE_SIZE: '7',
        SANDBOX_RESOURCE_GRAPH_LAG_SECONDS: '30',
        LOG_LEVEL: 'warn',
      },
      '/srv',
    );
    expect(command).toEqual({
      options: {
        port: 4000,
        host: '127.0.0.1',
        lroSeconds: 0.5,
        adfSyncSeconds: 2,
        probeSeconds: 3,
        mpeProvisionSeconds: 0.5,
        pageSize: 7,
        resourceGraphLagSeconds: 30,
        seed: 'empty',
        statePath: '/srv/world.json',
      },
      caFile: '/srv/ca.pem',
      logLevel: 'warn',
    });
  });

  it('--trusted-jwks: the keys of another issuer, from a JWKS file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-bot-jwks-'));
    try {
      const { n, e } = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
        format: 'jwk',
      });
      writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: [{ kty: 'RSA', kid: 'mi-1', n, e }] }));
      const { options } = parseSimulatorCommand(['--trusted-jwks', 'keys.json'], {}, dir);
      expect(options.trustedKeys).toEqual([{ kty: 'RSA', kid: 'mi-1', use: 'sig', alg: 'RS256', n, e }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--trusted-jwks', '/nonexistent/keys.json'], '--trusted-jwks'],
    [['--port', 'x'], '--port'],
    [['--lro-seconds=-1'], '--lro-seconds'],
    [['--seed', 'prod'], '--seed'],
    [['--mpe-provision-seconds', 'soon'], '--mpe-provision-seconds'],
    [['--page-size', '0'], '--page-size'],
    [['--page-size', '1001'], '--page-size'],
    [['--log-level', 'loud'], '--log-level'],
    [['--unknown'], 'argv'],
  ])('%j stops it naming %s', (argv, variable) => {
    let thrown: unknown;
    try {
      parseSimulatorCommand(argv, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
  });
});
