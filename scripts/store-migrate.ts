/**
 * `npm run store:migrate -- --from <sqlite file> --to <DATABASE_URL>`: moves the bot's state from its SQLite file
 * to PostgreSQL (see docs/deployment.md, "State on PostgreSQL"). Stop the bot first. The target must be empty; the
 * copy is one transaction, and the row counts of every table are compared before it commits. With
 * DATABASE_AUTH=entra in the environment, it signs in as the Azure identity it runs as (az login, managed identity).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DefaultAzureCredential } from '@azure/identity';
import { copySqliteToPostgres, CopyRefused } from '../src/store/copy/copy-store';
import { entraPassword } from '../src/store/postgres/entra-password';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) {
    console.error('usage: npm run store:migrate -- --from <sqlite file> --to <postgres://…>');
    return 2;
  }
  if (!existsSync(values.from)) {
    console.error(`--from: no such file: ${values.from}`);
    return 2;
  }
  if (!/^postgres(ql)?:\/\//.test(values.to)) {
    console.error('--to: expected a postgres:// URL');
    return 2;
  }
  const entra = process.env['DATABASE_AUTH'] === 'entra';
  try {
    const report = await copySqliteToPostgres(values.from, {
      connectionString: values.to,
      ...(entra ? { password: entraPassword(new DefaultAzureCredential()), tls: {} } : {}),
    });
    for (const [table, { source, target }] of Object.entries(report.counts))
      process.stdout.write(`${table.padEnd(24)} ${String(source).padStart(8)} → ${target}\n`);
    process.stdout.write('Copied; every count matches.\n');
    return 0;
  } catch (error) {
    // The message names tables and counts, never the URL (it may hold a password).
    console.error(
      `Nothing was copied: ${error instanceof CopyRefused || error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

main().then((code) => process.exit(code));
