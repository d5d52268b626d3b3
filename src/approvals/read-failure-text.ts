import { AzureError } from '../errors';

/**
 * Azure's reason for a failed read in plain words, and the fix. For a refusal that is the role the bot's own
 * identity needs to read servers and connections (deploy/roles/private-link-bot-reader.json, or the built-in Reader)
 * and the scope to assign it on.
 */
export function explainReadFailure(
  error: unknown,
  scopeId: string | undefined,
): { reason: string; fix: string } {
  const where = scopeId ? ` on ${scopeId}` : ' on each watched subscription';
  if (!(error instanceof AzureError)) {
    return {
      reason: `the read failed inside the bot (${firstLine(error)})`,
      fix: "Look at the bot's log around this time; I try again every cycle.",
    };
  }
  switch (error.code) {
    case 'AZURE_FORBIDDEN':
    case 'AZURE_UNAUTHORIZED':
      return {
        reason: `Azure refused to let the bot's identity read it (${error.azureCode ?? error.status})`,
        fix: `Assign the role "Private Link Bot - Reader" (deploy/roles) or Reader to the bot's identity${where}; I will notice at the next check.`,
      };
    case 'AZURE_NOT_FOUND':
      return {
        reason: `Azure says it does not exist (${error.azureCode ?? 404})`,
        fix: 'Check AZURE_SUBSCRIPTION_IDS (or `unwatch` it if it was removed on purpose).',
      };
    case 'AZURE_THROTTLED':
      return {
        reason: 'Azure is throttling reads in this subscription (429): its shared read budget is used up',
        fix: 'Other tools share that budget. If it lasts, raise POLL_INTERVAL_SECONDS or set DISCOVERY=resource-graph.',
      };
    case 'AZURE_UNAVAILABLE':
      return {
        reason: `Azure did not answer properly (${error.status ?? error.azureCode ?? 'no answer'})`,
        fix: 'Usually passes by itself; if it lasts, check Azure status and the network path to Azure Resource Manager.',
      };
    default:
      return {
        reason: `Azure answered with an error (${error.status ?? ''} ${error.azureCode ?? ''})`.replace(
          /\s+\)/,
          ')',
        ),
        fix: "Look at the bot's log around this time; I try again every cycle.",
      };
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 120);
}
