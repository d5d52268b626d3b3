import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ApproversFileSchema = z.object({
  /** Key: a server name (`pg-orders`) or a full server ARM id; value: Entra object ids of its approvers. */
  servers: z.record(
    z.string().min(1),
    z.array(z.string().regex(GUID, 'must be an Entra object id (GUID)')).min(1),
  ),
});

/**
 * Per-server approvers, from the optional APPROVERS_FILE:
 * `{"servers": {"pg-orders": ["<object id>", ...], "/subscriptions/.../flexibleServers/pg-x": [...]}}`.
 * Read once at start; a malformed file stops start-up with a message naming the variable and the problem.
 */
export function loadServerApprovers(path: string | undefined): Map<string, readonly string[]> {
  if (!path) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('APPROVERS_FILE', `cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  const result = ApproversFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError('APPROVERS_FILE', `${path}: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return new Map(Object.entries(result.data.servers));
}
