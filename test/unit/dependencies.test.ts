import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/**
 * package.json tells the truth about what the running bot needs: every package `src/` imports is a production
 * dependency (so `npm ci --omit=dev && npm run start:prod` works), and every production dependency is imported by
 * `src/` or has a stated reason to be installed anyway. Build and test tools stay in devDependencies.
 */

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Installed in production though `src/` never imports them. */
const NEEDED_WITHOUT_IMPORT: Record<string, string> = {
  // botbuilder-dialogs' own postinstall runs `npx rimraf …`; without rimraf installed, `npm ci` fails offline.
  rimraf: 'botbuilder-dialogs postinstall',
  // adaptivecards-templating declares it as a peer dependency and loads it at run time.
  'adaptive-expressions': 'peer of adaptivecards-templating',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function importedPackages(): Map<string, string> {
  const found = new Map<string, string>();
  const specifiers = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'([^'.][^']*)'/gm;
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(specifiers)) {
      const name = packageOf(match[1]!);
      if (name.startsWith('node:') || builtinModules.includes(name)) continue;
      if (!found.has(name)) found.set(name, file.slice(ROOT.length + 1));
    }
  }
  return found;
}

describe('package.json dependencies', () => {
  const imported = importedPackages();

  it('finds the imports it is meant to check', () => {
    expect(imported.has('botbuilder')).toBe(true);
    expect(imported.has('@azure/identity')).toBe(true);
  });

  it('declares every package src/ imports as a production dependency', () => {
    const missing = [...imported].filter(([name]) => !(name in manifest.dependencies));
    expect(missing.map(([name, file]) => `${name} (imported by ${file})`)).toEqual([]);
  });

  it('installs in production only what src/ imports or what has a stated reason', () => {
    const unused = Object.keys(manifest.dependencies).filter(
      (name) => !imported.has(name) && !(name in NEEDED_WITHOUT_IMPORT),
    );
    expect(unused).toEqual([]);
  });

  it('keeps no package in both lists', () => {
    const both = Object.keys(manifest.dependencies).filter((name) => name in manifest.devDependencies);
    expect(both).toEqual([]);
  });
});
