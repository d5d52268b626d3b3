import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { ConfigError } from '../errors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const people = z.array(z.string().regex(GUID, 'must be an Entra object id (GUID)')).min(1);

const PolicyFileSchema = z
  .object({
    /** Key: a server name (`pg-orders`) or a full server ARM id; value: Entra object ids of its approvers. */
    servers: z.record(z.string().min(1), people).default({}),
    /** Key: a factory name (`adf-contoso`) or a full factory ARM id; value: who may connect from it. */
    factories: z.record(z.string().min(1), people).default({}),
  })
  .strict();

export interface PolicyFile {
  /** Lower-cased server name or ARM id → lower-cased object ids. */
  approvers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Lower-cased factory name or ARM id → lower-cased object ids. */
  requesters: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The policy of ACT_AS=bot (POLICY_FILE; APPROVERS_FILE is its older name and takes the same file):
 * `{"servers": {"pg-orders": ["<object id>"]}, "factories": {"adf-contoso": ["<object id>"]}}`. Read once at
 * start; a malformed file stops start-up with the variable, the file, the line and what is wrong there.
 */
export function loadPolicyFile(variable: string, path: string | undefined): PolicyFile {
  if (!path) return { approvers: new Map(), requesters: new Map() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${path}: ${(error as Error).message}`);
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const where = first ? `line ${lineOf(text, first.offset)}` : 'line 1';
    throw new ConfigError(
      variable,
      `${path}, ${where}: not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'})`,
    );
  }
  const result = PolicyFileSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // An unknown key is reported on its parent; point at the key itself.
    const extra = issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [];
    const path_ = [...issue.path, ...extra].map((p) => (typeof p === 'number' ? p : String(p)));
    const node = findNodeAtLocation(tree, path_) ?? tree;
    const at = path_.join('.') || '(root)';
    throw new ConfigError(variable, `${path}, line ${lineOf(text, node.offset)}: ${at} ${issue.message}`);
  }
  return { approvers: lowered(result.data.servers), requesters: lowered(result.data.factories) };
}

function lowered(entries: Record<string, string[]>): Map<string, Set<string>> {
  return new Map(
    Object.entries(entries).map(([k, ids]) => [k.toLowerCase(), new Set(ids.map((id) => id.toLowerCase()))]),
  );
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
