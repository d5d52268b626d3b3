import { buildFactory } from '../../../src/sandbox/builders';
import { checkNotReferenced, checkReferences, maskSecrets, MASK } from '../../../src/sandbox/entity-rules';

describe('Data Factory entity rules', () => {
  const factory = buildFactory({
    subscriptionId: 's',
    resourceGroup: 'r',
    name: 'f',
    location: 'westeurope',
  });
  factory.linkedServices.push({ name: 'ls-kv', properties: { type: 'AzureKeyVault' }, etag: '1' });
  factory.datasets.push({
    name: 'ds',
    properties: {
      type: 'AzurePostgreSqlTable',
      linkedServiceName: { type: 'LinkedServiceReference', referenceName: 'LS-KV' },
    },
    etag: '2',
  });

  it('masks every SecureString, wherever it is', () => {
    const { masked, hadSecret } = maskSecrets({
      a: { type: 'SecureString', value: 'p' },
      b: [{ c: { type: 'SecureString', value: 'q' } }],
      d: 'keep',
    });
    expect(hadSecret).toBe(true);
    expect(masked).toEqual({
      a: { type: 'SecureString', value: MASK },
      b: [{ c: { type: 'SecureString', value: MASK } }],
      d: 'keep',
    });
    expect(maskSecrets({ password: { type: 'AzureKeyVaultSecret', secretName: 's' } }).hadSecret).toBe(false);
  });

  it('rejects references to entities that do not exist', () => {
    expect(() =>
      checkReferences(factory, {
        connectVia: { type: 'IntegrationRuntimeReference', referenceName: 'AutoResolveIntegrationRuntime' },
      }),
    ).not.toThrow();
    expect(() =>
      checkReferences(factory, {
        connectVia: { type: 'IntegrationRuntimeReference', referenceName: 'NoSuchIR' },
      }),
    ).toThrow(/invalid reference 'NoSuchIR'/);
    expect(() =>
      checkReferences(factory, {
        activities: [{ typeProperties: { dataset: { type: 'DatasetReference', referenceName: 'missing' } } }],
      }),
    ).toThrow(expect.objectContaining({ status: 400, code: 'BadRequest' }));
  });

  it('refuses to delete an entity another one references', () => {
    expect(() => checkNotReferenced(factory, 'linkedservices', 'ls-kv')).toThrow(/referenced by ds/);
    expect(() => checkNotReferenced(factory, 'datasets', 'ds')).not.toThrow();
  });
});
