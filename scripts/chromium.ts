import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Headless Chromium for the card pictures (scripts/render-cards.ts) and the browser test (test/e2e/): Debian's
 * own `chromium` package, driven by playwright-core, which downloads no browser. CHROMIUM_PATH overrides the path.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Quiet and offline: no sync, no component or field-trial downloads, no QUIC, no first-run dialogs. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  viewport: { width: number; height: number };
  deviceScaleFactor?: number;
  /** How long the browser may take to start. */
  timeoutMs?: number;
}

/**
 * Starts Chromium with `userDataDir` as its profile (a fresh temporary folder: the caller creates and removes it).
 * Throws, with what to install, when there is no browser: callers fail rather than skip.
 */
export async function launchChromium(userDataDir: string, options: LaunchOptions): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: options.viewport,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    timeout: options.timeoutMs ?? 30_000,
  });
}
