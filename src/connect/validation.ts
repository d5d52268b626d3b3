/**
 * Checks for every name the requester types. Each answers with the cleaned value or a reason in plain words, so
 * the flow can re-ask the same question; nothing here talks to Azure. Sources:
 * - managed private endpoints: the Data Factory REST spec (`^([_A-Za-z0-9]|([_A-Za-z0-9][-_A-Za-z0-9]{0,125}[_A-Za-z0-9]))$`);
 * - linked services: Data Factory naming rules (start with a letter; no `. + ? / < > * % & : \`; no dashes) and
 *   the REST spec (also no `#`, at most 260 characters). Spaces are refused too: Data Factory expressions and
 *   Studio refer to linked services by name, and a name that needs quoting is a trap later;
 * - PostgreSQL identifiers: unquoted identifiers (letter or underscore first, then letters, digits, `_`, `$`),
 *   at most 63 bytes (NAMEDATALEN - 1); role names starting with `pg_` are reserved;
 * - Key Vault secret names: `^[0-9a-zA-Z-]{1,127}$`.
 */
export type Check = { ok: true; value: string } | { ok: false; reason: string };

const ENDPOINT_NAME = /^([_A-Za-z0-9]|([_A-Za-z0-9][-_A-Za-z0-9]{0,125}[_A-Za-z0-9]))$/;
const LINKED_SERVICE_FORBIDDEN = /[.+?/<>*%&:\\#-]/;
const PG_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const PG_MAX_BYTES = 63;
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Roles Azure keeps for itself, plus PostgreSQL's reserved `public` pseudo-role. */
const RESERVED_USERS = new Set(['azure_superuser', 'azure_pg_admin', 'azuresu', 'public']);
/** Databases nobody can connect to with a linked service. */
const RESERVED_DATABASES = new Set(['template0', 'azure_maintenance', 'azure_sys']);

function fail(reason: string): Check {
  return { ok: false, reason };
}

function present(input: string, what: string): Check {
  const value = input.trim();
  if (value === '') return fail(`The ${what} is empty.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return fail(`The ${what} contains control characters.`);
  return { ok: true, value };
}

export function checkEndpointName(input: string): Check {
  const p = present(input, 'endpoint name');
  if (!p.ok) return p;
  const v = p.value;
  if (v.length > 127) return fail('A managed private endpoint name has at most 127 characters.');
  if (!ENDPOINT_NAME.test(v)) {
    return fail(
      'A managed private endpoint name may contain only letters, digits, underscores and dashes, and must not start or end with a dash.',
    );
  }
  return p;
}

export function checkLinkedServiceName(input: string): Check {
  const p = present(input, 'linked service name');
  if (!p.ok) return p;
  const v = p.value;
  if (v.length > 260) return fail('A linked service name has at most 260 characters.');
  if (!/^[A-Za-z]/.test(v)) return fail('A linked service name must start with a letter.');
  if (v.includes('-'))
    return fail('Data Factory does not allow dashes in linked service names; use underscores instead.');
  if (LINKED_SERVICE_FORBIDDEN.test(v)) {
    return fail('A linked service name must not contain any of . + ? / < > * % & : \\ #');
  }
  if (/\s/.test(v))
    return fail('Use a name without spaces (underscores work well), so it can be referred to by name.');
  return p;
}

function checkIdentifier(input: string, what: string): Check {
  const p = present(input, what);
  if (!p.ok) return p;
  const v = p.value;
  if (Buffer.byteLength(v, 'utf8') > PG_MAX_BYTES)
    return fail(`A PostgreSQL ${what} has at most ${PG_MAX_BYTES} characters.`);
  if (!/^[A-Za-z_]/.test(v)) return fail(`A PostgreSQL ${what} must start with a letter or an underscore.`);
  if (!PG_IDENTIFIER.test(v))
    return fail(`A PostgreSQL ${what} may contain only letters, digits, underscores and $.`);
  return p;
}

export function checkDatabaseName(input: string): Check {
  const c = checkIdentifier(input, 'database name');
  if (c.ok && RESERVED_DATABASES.has(c.value.toLowerCase())) {
    return fail(`${c.value} is a system database that does not accept connections from Data Factory.`);
  }
  return c;
}

export function checkUserName(input: string): Check {
  const c = checkIdentifier(input, 'user name');
  if (!c.ok) return c;
  if (c.value.toLowerCase().startsWith('pg_'))
    return fail('Role names starting with pg_ are reserved by PostgreSQL.');
  if (RESERVED_USERS.has(c.value.toLowerCase()))
    return fail(`${c.value} is a reserved role on Azure Database for PostgreSQL.`);
  return c;
}

export function checkSecretName(input: string): Check {
  const p = present(input, 'secret name');
  if (!p.ok) return p;
  if (!SECRET_NAME.test(p.value)) {
    return fail('A Key Vault secret name has 1 to 127 characters: letters, digits and dashes only.');
  }
  return p;
}

/** `mpe-<server>`, or with a number when that name is taken; always a valid endpoint name. */
export function suggestEndpointName(serverName: string, taken: readonly string[]): string {
  const base = `mpe-${serverName}`
    .replace(/[^-_A-Za-z0-9]/g, '-')
    .replace(/-+$/, '')
    .slice(0, 120);
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`.toLowerCase())) return `${base}-${i}`;
}

/** `ls_<server>_<database>` with every character a linked service name may not hold turned into `_`. */
export function suggestLinkedServiceName(serverName: string, database: string): string {
  return `ls_${serverName}_${database}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 200);
}
