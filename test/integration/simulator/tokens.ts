import type { RunningSimulator } from '../../../src/sandbox';
import { rawCall } from './clients';

/** A token from the sandbox Entra's token endpoint on the simulator's host (what curl users do first). */
export async function passwordToken(
  sim: RunningSimulator,
  username: string,
  scope = 'https://management.azure.com/.default',
): Promise<string> {
  const answer = await rawCall(sim, 'POST', `/${sim.entra.tenantId}/oauth2/v2.0/token`, {
    token: null,
    apiVersion: null,
    body: new URLSearchParams({ grant_type: 'password', username, password: 'anything', scope }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const body = answer.body as { access_token?: string };
  if (answer.status !== 200 || !body.access_token)
    throw new Error(`token endpoint answered ${answer.status}: ${answer.text}`);
  return body.access_token;
}
