import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertValidManifest, type TeamsManifest } from './manifest-schema';
import {
  type EnvLike,
  PackageInputError,
  type PackageSettings,
  resolvePackageSettings,
} from './manifest-settings';
import { createZip } from './zip';

/**
 * `npm run package`: builds the Teams app package (dist/teams-app-package.zip) from manifest/manifest.template.json
 * and the two committed icons. The template holds {{BOT_ID}} and {{APP_VERSION}} placeholders; they are filled
 * in the parsed JSON (never by text substitution, so no value can break the JSON), and the result is validated
 * against the Teams 1.29 schema before anything is written.
 */

export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

export interface PackageOptions {
  /** Command-line arguments after the script name (`--bot-id`, `--version`, `--domain`, `--out`). */
  argv?: readonly string[];
  /** Environment to read MicrosoftAppId, APP_VERSION and BOT_DOMAIN from; the caller decides (tests pass their own). */
  env: EnvLike;
  /** Project root holding package.json and manifest/; defaults to this script's parent folder. */
  rootDir?: string;
}

export interface PackageResult {
  outFile: string;
  manifest: TeamsManifest;
  settings: PackageSettings;
}

export function packageApp(options: PackageOptions): PackageResult {
  const root = options.rootDir ?? resolve(__dirname, '..');
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  const packageVersion = typeof packageJson.version === 'string' ? packageJson.version : '';
  const settings = resolvePackageSettings(options.argv ?? [], options.env, packageVersion);

  const manifest = buildManifest(readJson(join(root, 'manifest', 'manifest.template.json')), settings);
  const outFile = resolve(root, settings.outFile ?? join('dist', 'teams-app-package.zip'));
  const zip = createZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: readFileSync(join(root, 'manifest', 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(root, 'manifest', 'outline.png')) },
  ]);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return { outFile, manifest, settings };
}

/** Fills the template and validates the result; throws with every schema error listed. */
export function buildManifest(template: unknown, settings: PackageSettings): TeamsManifest {
  const values: Record<string, string> = {
    BOT_ID: settings.botId,
    SSO_APP_ID: settings.ssoAppId ?? '',
    APP_VERSION: settings.version,
  };
  const filled = fill(template, values);
  if (settings.ssoAppId === undefined && isRecord(filled)) {
    // ACT_AS=bot: nobody signs in, so no SSO app and no sign-in page domain to declare.
    delete filled['webApplicationInfo'];
    filled['validDomains'] = (filled['validDomains'] as string[]).filter(
      (d) => d !== 'token.botframework.com',
    );
    if ((filled['validDomains'] as string[]).length === 0) delete filled['validDomains'];
  }
  if (settings.botDomain !== undefined && isRecord(filled)) {
    // Only needed if the bot ever serves pages Teams must open inside itself (task modules, tabs); harmless otherwise.
    filled['validDomains'] = [...(filled['validDomains'] as string[]), settings.botDomain];
  }
  const leftover = JSON.stringify(filled).match(/\{\{[A-Z_]+\}\}/);
  if (leftover) throw new Error(`manifest template has an unknown placeholder ${leftover[0]}`);
  assertValidManifest(filled);
  return filled;
}

function fill(node: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values));
  if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

async function main(): Promise<void> {
  // .env is where a developer keeps MicrosoftAppId; values already in the environment win.
  const { config } = await import('dotenv');
  config({ path: resolve(__dirname, '..', '.env'), quiet: true });
  const result = packageApp({ argv: process.argv.slice(2), env: process.env });
  console.log(`Teams app package: ${result.outFile}`);
  console.log(
    `  bot id ${result.settings.botId}, version ${result.settings.version}` +
      (result.settings.botDomain ? `, valid domain ${result.settings.botDomain}` : ''),
  );
  console.log('  upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // Input mistakes get one clear line; anything else keeps its stack for debugging.
    const text =
      error instanceof PackageInputError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    console.error(`npm run package failed: ${text}`);
    process.exitCode = 1;
  });
}
