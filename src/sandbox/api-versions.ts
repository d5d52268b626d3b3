import { ArmError } from './arm-errors';
import type { ApiFamily } from './router';

/**
 * api-version rules. Data Factory serves 2018-06-01 (and the old preview); PostgreSQL flexible server takes any
 * dated version (the SDK sends 2025-08-01, the REST examples 2024-08-01), since the simulated shapes are the same.
 */
const DATED = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
/** Providers that serve a fixed list of versions here (the simulated shapes are those of these versions). */
const PINNED: Partial<Record<ApiFamily, { namespace: string; versions: string[] }>> = {
  datafactory: { namespace: 'Microsoft.DataFactory', versions: ['2017-09-01-preview', '2018-06-01'] },
  authorization: { namespace: 'Microsoft.Authorization', versions: ['2022-04-01'] },
  insights: { namespace: 'Microsoft.Insights', versions: ['2015-04-01'] },
  botservice: { namespace: 'Microsoft.BotService', versions: ['2022-09-15'] },
  // Stable versions of the Resources query in the REST specs; @azure/arm-resourcegraph 5 sends 2024-04-01.
  resourcegraph: {
    namespace: 'Microsoft.ResourceGraph',
    versions: ['2021-03-01', '2022-10-01', '2024-04-01'],
  },
};

export function missingApiVersion(): ArmError {
  return new ArmError(
    400,
    'MissingApiVersionParameter',
    'The api-version query parameter (?api-version=) is required for all requests.',
  );
}

export function checkApiVersion(family: ApiFamily, version: string): ArmError | undefined {
  if (!DATED.test(version)) {
    return new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are dated versions like '2018-06-01'.`,
    );
  }
  const pinned = PINNED[family];
  if (pinned && !pinned.versions.includes(version)) {
    return new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for API version '${version}' and namespace '${pinned.namespace}'. The supported api-versions are '${pinned.versions.join(', ')}'.`,
    );
  }
  return undefined;
}
