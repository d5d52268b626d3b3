import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { MANIFEST_SCHEMA_PATH, type TeamsManifest } from '../../../scripts/manifest-schema';
import { PackageInputError } from '../../../scripts/manifest-settings';
import { buildManifest, PACKAGE_FILES, packageApp } from '../../../scripts/package-manifest';
import { unzipSync } from 'fflate';

const BOT_ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const ALL_COMMANDS = [
  'help',
  'watch',
  'unwatch',
  'watching',
  'pending',
  'status',
  'history',
  'connect',
  'cancel',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function build(env: Record<string, string | undefined>, argv: string[] = []) {
  const outFile = join(dir, 'app.zip');
  const result = packageApp({ env, argv: ['--out', outFile, ...argv] });
  const entries = Object.entries(unzipSync(readFileSync(outFile)));
  return { result, files: new Map(entries.map(([name, data]) => [name, Buffer.from(data)])) };
}

function manifestOf(files: Map<string, Buffer>): TeamsManifest {
  return JSON.parse(files.get('manifest.json')!.toString('utf8')) as TeamsManifest;
}

describe('npm run package', () => {
  it('writes a zip with manifest.json and both icons at its root, and nothing else', () => {
    const { result, files } = build({ MicrosoftAppId: BOT_ID });
    expect(result.outFile).toBe(join(dir, 'app.zip'));
    expect([...files.keys()].sort()).toEqual([...PACKAGE_FILES].sort());
  });

  it('produces a manifest that validates against the Teams 1.29 schema (checked by an independent Ajv)', () => {
    const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    expect(schema['$schema']).toBe('http://json-schema.org/draft-04/schema#');
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const manifest = manifestOf(build({ MicrosoftAppId: BOT_ID }).files);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.manifestVersion).toBe('1.29');
    // The validator really rejects: a broken copy must fail, or the check above proves nothing.
    expect(validate({ ...manifest, id: 'not-a-guid' })).toBe(false);
  });

  it('puts the bot id in id and bots[0].botId, and the package.json version in version', () => {
    const manifest = manifestOf(build({ MicrosoftAppId: BOT_ID }).files);
    const packageVersion = (
      JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }
    ).version;
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots[0]!.botId).toBe(BOT_ID);
    expect(manifest.version).toBe(packageVersion);
    expect(JSON.stringify(manifest)).not.toContain('{{');
  });

  it('takes --bot-id over MicrosoftAppId, and APP_VERSION over package.json', () => {
    const other = 'a1b2c3d4-0000-4000-8000-000000000001';
    const manifest = manifestOf(
      build({ MicrosoftAppId: BOT_ID, APP_VERSION: '2.3.4' }, ['--bot-id', other]).files,
    );
    expect(manifest.id).toBe(other);
    expect(manifest.bots[0]!.botId).toBe(other);
    expect(manifest.version).toBe('2.3.4');
  });

  it('declares a conversational bot in all three scopes (personal: SSO needs it), without files', () => {
    const manifest = manifestOf(build({ MicrosoftAppId: BOT_ID }).files);
    const bot = manifest.bots[0]!;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
  });

  it('declares single sign-on for the bot (ACT_AS=user): the app registration and its api://botid- URI', () => {
    const sameApp = manifestOf(build({ MicrosoftAppId: BOT_ID }).files);
    expect(sameApp.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://botid-${BOT_ID}` });
    // The OAuth card's sign-in page lives on the token service's domain.
    expect(sameApp.validDomains).toEqual(['token.botframework.com']);
    const sso = 'c0ffee00-0000-4000-8000-00000000550a';
    const msiBot = manifestOf(build({ MicrosoftAppId: BOT_ID, SSO_APP_ID: sso }).files);
    expect(msiBot.webApplicationInfo).toEqual({ id: sso, resource: `api://botid-${BOT_ID}` });
    expect(() => build({ MicrosoftAppId: BOT_ID, SSO_APP_ID: 'my-app' })).toThrow(
      /SSO app id "my-app" is not a GUID/,
    );
  });

  it('adds BOT_DOMAIN to validDomains when given', () => {
    const manifest = manifestOf(
      build({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'plbot.azurewebsites.net' }).files,
    );
    expect(manifest.validDomains).toEqual(['token.botframework.com', 'plbot.azurewebsites.net']);
  });

  it('keeps command lists within Teams limits: at most 3 lists of at most 12, one list per scope', () => {
    const lists = manifestOf(build({ MicrosoftAppId: BOT_ID }).files).bots[0]!.commandLists ?? [];
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.length).toBeLessThanOrEqual(3);
    const scopes = lists.flatMap((l) => l.scopes);
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(12);
      const titles = list.commands.map((c) => c.title);
      expect(new Set(titles).size).toBe(titles.length);
      for (const title of titles) expect(ALL_COMMANDS).toContain(title);
      for (const command of list.commands) expect(command.description?.length ?? 0).toBeGreaterThan(0);
    }
    const byScope = (scope: string) =>
      lists.find((l) => l.scopes.includes(scope))!.commands.map((c) => c.title);
    expect(byScope('team')).toEqual(expect.arrayContaining(ALL_COMMANDS));
    // Subscribing a personal chat to approval cards is not a use the bot offers in its menu.
    expect(byScope('personal')).toEqual(
      expect.arrayContaining(['help', 'connect', 'cancel', 'status', 'pending', 'history']),
    );
    expect(byScope('personal')).not.toContain('watch');
  });

  it('gives the same bytes for the same inputs (reproducible builds)', () => {
    const first = readFileSync(build({ MicrosoftAppId: BOT_ID }).result.outFile);
    const second = readFileSync(build({ MicrosoftAppId: BOT_ID }).result.outFile);
    expect(second.equals(first)).toBe(true);
  });
});

describe('npm run package refuses bad input with a clear message', () => {
  it('names MicrosoftAppId and --bot-id when no bot id is given', () => {
    for (const env of [{}, { MicrosoftAppId: '' }, { MicrosoftAppId: '   ' }]) {
      expect(() => build(env)).toThrow(PackageInputError);
      expect(() => build(env)).toThrow(/MicrosoftAppId.*--bot-id/s);
    }
  });

  it('rejects a bot id that is not a GUID, a suffixed version and a URL as domain', () => {
    expect(() => build({ MicrosoftAppId: 'my-bot' })).toThrow(/not a GUID/);
    expect(() => build({ MicrosoftAppId: BOT_ID, APP_VERSION: '1.0.0-beta' })).toThrow(/MAJOR\.MINOR\.PATCH/);
    expect(() => build({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'https://plbot.example.com/' })).toThrow(
      /host name/,
    );
  });

  it('refuses to write a manifest the schema rejects, and lists why', () => {
    const template = JSON.parse(
      readFileSync(join(__dirname, '../../../manifest/manifest.template.json'), 'utf8'),
    ) as Record<string, unknown>;
    const settings = {
      botId: BOT_ID,
      ssoAppId: BOT_ID,
      version: '1.0.0',
      botDomain: undefined,
      outFile: undefined,
    };
    expect(() => buildManifest({ ...template, accentColor: 'blue' }, settings)).toThrow(
      /accentColor must match pattern/,
    );
    expect(() => buildManifest({ ...template, id: '{{TEAMS_APP_ID}}' }, settings)).toThrow(
      /unknown placeholder \{\{TEAMS_APP_ID\}\}/,
    );
  });

  it('rejects unknown flags instead of ignoring them', () => {
    expect(() => build({ MicrosoftAppId: BOT_ID }, ['--botid', BOT_ID])).toThrow();
  });
});
