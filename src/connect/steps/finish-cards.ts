import { renderResultCard } from '../../cards/connect-result-card';
import type { StoredTestOutcome } from '../../store';
import { sslModeTitle } from '../encryption-policy';
import type { FlowDraft } from '../flow-types';
import { classifyFailure, hintFor } from '../probe-hints';

/** What step 8 shows: the summary's facts before Create and test, and the result card after it. */
export function summaryFacts(d: FlowDraft): Array<{ title: string; value: string }> {
  const password =
    d.signIn?.kind === 'keyVault'
      ? `Key Vault secret ${d.signIn.secretName} (via ${d.signIn.store})`
      : 'typed below, in a masked field';
  return [
    { title: 'Factory', value: d.factory!.factoryName },
    { title: 'Server', value: d.host! },
    { title: 'Integration runtime', value: d.runtime! },
    { title: 'Private endpoint', value: d.endpoint! },
    { title: 'Database', value: d.database! },
    { title: 'User', value: d.username! },
    { title: 'Password', value: password },
    { title: 'Encryption', value: sslModeTitle(d.sslMode!) },
    {
      title: 'Linked service',
      value: d.replaces ? `${d.linkedService} (replaces the existing one)` : d.linkedService!,
    },
  ];
}

export function resultCard(d: FlowDraft, outcome: StoredTestOutcome) {
  const facts = [
    { title: 'Linked service', value: d.linkedService! },
    { title: 'Factory', value: d.factory!.factoryName },
    { title: 'Server', value: `${d.host} / ${d.database}` },
    { title: 'Connects via', value: d.runtime! },
  ];
  if (outcome.ok) {
    return renderResultCard({
      ok: true,
      title: 'Connection successful',
      summary: `${d.linkedService} reaches ${d.server!.serverName} through the private endpoint ${d.endpoint}. It is ready for datasets and pipelines.`,
      facts,
    });
  }
  const message = outcome.message ?? '';
  const hint = hintFor(classifyFailure(message), {
    server: d.server!.serverName,
    database: d.database!,
    username: d.username!,
    ...(d.endpoint ? { endpoint: d.endpoint } : {}),
    ...(d.runtime ? { runtime: d.runtime } : {}),
  });
  const created = outcome.status !== 'create-failed';
  return renderResultCard({
    ok: false,
    title: created ? 'The connection test failed' : 'The linked service was not created',
    summary: created
      ? `${d.linkedService} was created, but the test through ${d.runtime} did not connect (${outcome.status}).`
      : 'Azure refused the linked service.',
    facts,
    azureMessage: message,
    hint,
  });
}
