/**
 * Turns Azure's error text from a failed connection test into a plain-language hint. Data Factory wraps the
 * database's own message (PostgreSQL SQLSTATE codes such as 3D000 and 28P01 survive the wrapping), so the
 * rules look for those first and for Data Factory's wording after. Ordered: the first matching rule wins.
 */
export type FailureKind =
  'wrong-database' | 'tls-required' | 'authentication' | 'key-vault' | 'not-approved' | 'runtime' | 'unknown';

export interface HintContext {
  server: string;
  database: string;
  username: string;
  endpoint?: string;
  runtime?: string;
}

const RULES: ReadonlyArray<{ kind: FailureKind; pattern: RegExp }> = [
  { kind: 'wrong-database', pattern: /3D000|database "[^"]*" does not exist/i },
  {
    kind: 'tls-required',
    pattern:
      /SSL off|SSL connection is required|require_secure_transport|pg_hba\.conf entry.*(no encryption|nossl)/i,
  },
  {
    kind: 'authentication',
    pattern: /28P01|28000|password authentication failed|authentication failed|login failed/i,
  },
  { kind: 'key-vault', pattern: /key ?vault|secret .*(not found|forbidden)|AzureKeyVault/i },
  { kind: 'not-approved', pattern: /not approved|private endpoint|unreachable|no such host/i },
  {
    kind: 'runtime',
    pattern:
      /managed virtual network integration runtime|does not run in a managed virtual network|interactive authoring/i,
  },
];

export function classifyFailure(message: string): FailureKind {
  return RULES.find((r) => r.pattern.test(message))?.kind ?? 'unknown';
}

export function hintFor(kind: FailureKind, c: HintContext): string {
  switch (kind) {
    case 'wrong-database':
      return `The server answered, but it has no database named "${c.database}". Database names are case-sensitive; check the name with the server's owner, or say connect again with the right name.`;
    case 'tls-required':
      return `${c.server} only accepts encrypted connections. Recreate the linked service with encryption Require (say connect again).`;
    case 'authentication':
      return `The server refused the sign-in of "${c.username}": the user name or the password (or the Key Vault secret's value) is wrong, or the user may not connect to "${c.database}".`;
    case 'key-vault':
      return "Data Factory could not read the password from Key Vault: check the secret's name, and that the factory's managed identity may read secrets in that vault.";
    case 'not-approved':
      return `The private endpoint${c.endpoint ? ` ${c.endpoint}` : ''} is not approved yet, or Data Factory does not see the approval yet (it can take a few minutes). Ask the owner of ${c.server} to approve it, then test again.`;
    case 'runtime':
      return `The test must run on an integration runtime inside the factory's managed virtual network${c.runtime ? ` (${c.runtime})` : ''}, with interactive authoring on.`;
    case 'unknown':
      return "Azure's message above says what went wrong; if it is unclear, share it with the owner of the server.";
  }
}
