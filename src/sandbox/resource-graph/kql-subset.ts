import { ArmError } from '../arm-errors';

/**
 * The part of Kusto (KQL) the simulator's Resource Graph understands: one table, `where` on a column with `=~`
 * (equals, ignoring case), `==`, `in~ (...)`, `project` and `order by`. A query outside it is refused the way
 * Resource Graph refuses an invalid query (400, `BadRequest` with an `InvalidQuery` detail), so a bot that sends
 * something the simulator cannot evaluate finds out in tests instead of getting a silently wrong answer.
 * Language reference: learn.microsoft.com/azure/governance/resource-graph/concepts/query-language.
 */
export type Row = Record<string, unknown>;

type Filter =
  { column: string; op: '=~' | '=='; value: string } | { column: string; op: 'in~'; values: string[] };

export interface KqlQuery {
  table: string;
  filters: Filter[];
  project?: string[];
  orderBy?: { column: string; descending: boolean };
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const STRING = `'(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"`;
const WHERE_EQ = new RegExp(`^where\\s+(${IDENT})\\s*(=~|==)\\s*(${STRING})$`, 'i');
const WHERE_IN = new RegExp(
  `^where\\s+(${IDENT})\\s+in~\\s*\\(\\s*((?:${STRING})(?:\\s*,\\s*(?:${STRING}))*)\\s*\\)$`,
  'i',
);
const PROJECT = new RegExp(`^project\\s+(${IDENT}(?:\\s*,\\s*${IDENT})*)$`, 'i');
const ORDER = new RegExp(`^(?:order|sort)\\s+by\\s+(${IDENT})(?:\\s+(asc|desc))?$`, 'i');

export function invalidQuery(why: string): ArmError {
  return new ArmError(
    400,
    'BadRequest',
    'Please provide below info when asking for support: timestamp, correlationId.',
    {},
    [{ code: 'InvalidQuery', message: `Query is invalid. ${why}` }],
  );
}

export function parseKql(text: string): KqlQuery {
  const stages = text
    .split('|')
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s.length > 0);
  const [table, ...rest] = stages;
  if (!table || !new RegExp(`^${IDENT}$`).test(table))
    throw invalidQuery('A query starts with a table name.');
  const query: KqlQuery = { table: table.toLowerCase(), filters: [] };
  for (const stage of rest) {
    let m: RegExpExecArray | null;
    if ((m = WHERE_EQ.exec(stage))) {
      query.filters.push({ column: m[1]!, op: m[2] as '=~' | '==', value: unquote(m[3]!) });
    } else if ((m = WHERE_IN.exec(stage))) {
      const values = [...m[2]!.matchAll(new RegExp(STRING, 'g'))].map((v) => unquote(v[0]));
      query.filters.push({ column: m[1]!, op: 'in~', values });
    } else if ((m = PROJECT.exec(stage))) {
      query.project = m[1]!.split(',').map((c) => c.trim());
    } else if ((m = ORDER.exec(stage))) {
      query.orderBy = { column: m[1]!, descending: (m[2] ?? 'desc').toLowerCase() === 'desc' };
    } else {
      throw invalidQuery(`This simulator does not evaluate '${stage.split(' ')[0]}' in: ${stage}`);
    }
  }
  return query;
}

export function runKql(query: KqlQuery, rows: readonly Row[]): Row[] {
  let result = rows.filter((row) => query.filters.every((f) => matches(row, f)));
  if (query.orderBy) {
    const { column, descending } = query.orderBy;
    result = [...result].sort(
      (a, b) => String(a[column]).localeCompare(String(b[column])) * (descending ? -1 : 1),
    );
  }
  const columns = query.project;
  return columns ? result.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) : result;
}

function matches(row: Row, filter: Filter): boolean {
  const actual = row[filter.column];
  if (typeof actual !== 'string') return false;
  if (filter.op === 'in~') return filter.values.some((v) => v.toLowerCase() === actual.toLowerCase());
  if (filter.op === '==') return actual === filter.value;
  return actual.toLowerCase() === filter.value.toLowerCase();
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}
