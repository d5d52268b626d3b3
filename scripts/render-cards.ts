import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { allSamples, checkCoverage, type Sample } from './cards/samples';
import { THEMES, type Theme } from './cards/themes';
import { launchChromium } from './chromium';

/**
 * `npm run cards:render`: every card template in cards/, expanded by the product's own typed renderers with
 * realistic sample data (scripts/cards/samples.ts), drawn by the Adaptive Cards 3.x JavaScript renderer in headless
 * Chromium with Teams' host configs for the light, dark and high-contrast themes (scripts/cards/themes.ts), and
 * saved as PNG in docs/cards/<theme>/.
 *
 * Needs Debian's chromium (`apt-get install -y chromium`) or CHROMIUM_PATH; playwright-core downloads no browser.
 * Emoji (the progress card's ✅ ⏳) need a color emoji font: `apt-get install -y fonts-noto-color-emoji`. Segoe UI
 * is not on Linux; Liberation Sans (Arial's metrics) stands in, so line breaks may differ a little from Teams.
 * The samples use fixed dates, so re-running it changes a picture only when a card or the renderer changed.
 */
const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'docs', 'cards');
/** About the width Teams gives a card in a channel or chat on desktop. */
const CARD_WIDTH = 460;
/** 1x keeps the committed pictures small (about 10-60 KB each); CARD_SCALE=2 draws sharper, 2-3 times larger ones. */
const SCALE = Number(process.env['CARD_SCALE'] ?? 1);

const FONT =
  "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif";

/** The theme's host config with the font the pictures can show (colours, sizes and spacing untouched). */
function hostConfigFor(theme: Theme): unknown {
  return { ...theme.hostConfig, fontFamily: FONT, fontTypes: undefined };
}

/** The chat around the card, in the theme's colours; Teams' buttons and inputs. */
function pageCss(theme: Theme): string {
  const { page } = theme;
  return `
  html, body { margin: 0; background: ${page.background}; font-family: ${FONT}; -webkit-font-smoothing: antialiased; }
  #shot { display: inline-flex; gap: 10px; padding: 16px 20px 18px 16px; background: ${page.background}; }
  .avatar { width: 32px; height: 32px; border-radius: 50%; background: #c5cbfa; color: #3d3e78; font-size: 12px;
    font-weight: 600; display: flex; align-items: center; justify-content: center; flex: none; }
  .meta { font-size: 12px; color: ${page.meta}; margin: 2px 0 6px; }
  .meta b { color: ${page.metaName}; font-weight: 600; margin-right: 8px; }
  .bubble { width: ${CARD_WIDTH}px; background: ${page.bubble}; border-radius: 6px; overflow: hidden;
    box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); }
  .ac-adaptiveCard { outline: none; }
  .ac-textBlock p { margin: 0; }
  /* Teams lays a FactSet out as two columns: titles as wide as they need up to a limit, then the values. */
  .ac-factset { display: grid !important; grid-template-columns: fit-content(190px) 1fr; gap: 6px 16px; }
  .ac-factset tbody, .ac-factset tr { display: contents; }
  .ac-factset td:not(.ac-fact-title):not(.ac-fact-value) { display: none; }
  .ac-factset td.ac-fact-title { max-width: none !important; }
  .ac-textBlock p + p { margin-top: 6px; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; min-height: 32px; padding: 4px 12px;
    border: 1px solid #d1d1d1; border-radius: 4px; background: ${page.bubble}; color: ${page.metaName}; cursor: pointer;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { background: ${page.bubble}; border-color: #d1d1d1; color: #c4314b; }
  .ac-input { font-family: ${FONT}; font-size: 14px; color: ${page.metaName}; }
  .ac-textInput, .ac-multichoiceInput { box-sizing: border-box; width: 100%; padding: 6px 10px; min-height: 32px;
    border: 1px solid #d1d1d1; border-bottom-color: #616161; border-radius: 4px; background: ${page.bubble}; color: ${page.metaName};
    font-family: ${FONT}; font-size: 14px; }
  .ac-textInput.ac-multiline { min-height: 64px; resize: none; }
  .ac-textInput::placeholder { color: #707070; }
  .ac-inputLabel, .ac-input-label { font-size: 14px; color: ${page.metaName}; }
`;
}

/** Runs in the page (plain JS: the project's TS has no DOM types). Renders one card into #card. */
const PAGE_SCRIPT = `
  const md = window.markdownit({ html: false, linkify: false, breaks: false, typographer: false });
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = md.render(text);
    result.didProcess = true;
  };
  window.drawCard = (payload, hostConfig, meta) => {
    document.getElementById('meta').innerHTML = meta;
    const target = document.getElementById('card');
    target.replaceChildren();
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
    const errors = [];
    const context = new AdaptiveCards.SerializationContext();
    card.parse(payload, context);
    for (let i = 0; i < context.eventCount; i++) errors.push(context.getEventAt(i).message);
    for (const e of card.validateProperties().validationEvents) errors.push(e.message);
    const element = card.render();
    if (!element) return { errors: errors.concat(['the renderer produced nothing']) };
    target.appendChild(element);
    return { errors };
  };
`;

interface DrawResult {
  errors: string[];
}
type DrawCard = (payload: unknown, hostConfig: unknown, meta: string) => DrawResult;

async function preparePage(page: Page, theme: Theme): Promise<void> {
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${pageCss(theme)}</style></head><body>` +
      `<div id="shot"><div class="avatar">PL</div><div><div class="meta" id="meta"></div>` +
      `<div class="bubble" id="card"></div></div></div></body></html>`,
  );
  await page.addScriptTag({
    path: join(ROOT, 'node_modules/markdown-it/dist/browser/markdown-it.umd.min.js'),
  });
  await page.addScriptTag({ path: join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js') });
  await page.addScriptTag({ content: PAGE_SCRIPT });
}

/** Draws every sample in one theme; returns how many the renderer found invalid. */
async function drawTheme(page: Page, theme: Theme, samples: readonly Sample[]): Promise<number> {
  await preparePage(page, theme);
  const dir = join(OUT_DIR, theme.name);
  mkdirSync(dir, { recursive: true });
  let problems = 0;
  for (const sample of samples) {
    const result = await page.evaluate(
      ([payload, hostConfig, meta]) =>
        (globalThis as unknown as { drawCard: DrawCard }).drawCard(payload, hostConfig, meta),
      [sample.attachment.content, hostConfigFor(theme), '<b>PL Approvals</b>9:26 AM'] as const,
    );
    if (result.errors.length > 0) {
      problems += 1;
      console.error(`${theme.name}/${sample.name}: ${result.errors.join('; ')}`);
    }
    const file = join(dir, `${sample.name}.png`);
    await page.locator('#shot').screenshot({ path: file, animations: 'disabled', timeout: 10_000 });
    const kb = Math.round(statSync(file).size / 1024);
    console.log(`${relative(ROOT, file)}  (${sample.template}, ${kb} KB)`);
  }
  return problems;
}

async function main(): Promise<void> {
  const samples = allSamples();
  checkCoverage(samples);
  const profile = mkdtempSync(join(tmpdir(), 'render-cards-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchChromium(profile, {
      viewport: { width: CARD_WIDTH + 120, height: 800 },
      deviceScaleFactor: SCALE,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // Nothing in the page may reach the network: the renderer and markdown-it are loaded from node_modules.
    await page.route(/^https?:/, (route) => route.abort());
    let problems = 0;
    for (const theme of THEMES) problems += await drawTheme(page, theme, samples);
    if (problems > 0) throw new Error(`${problems} card(s) failed the renderer's validation`);
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
  writeFileSync(
    join(OUT_DIR, 'README.md'),
    '# Card pictures\n\nGenerated by `npm run cards:render` (scripts/render-cards.ts) from the templates in ' +
      "`cards/` with sample data, drawn by the Adaptive Cards 3.x renderer in headless Chromium with Teams' " +
      'host configs, one folder per theme: `light/`, `dark/`, `high-contrast/`. Do not edit by hand: change the ' +
      'card or the sample, then run the script again. Every text in them is checked for WCAG 4.5:1 contrast by ' +
      '`test/unit/cards/contrast.test.ts`.\n',
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
