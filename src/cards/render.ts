import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';

/**
 * The one way a card is made: a constant template from cards/ (read and parsed once, then cached), expanded
 * once with typed data, wrapped as an attachment. Never build card JSON in code and never expand an expanded
 * card again: that is what keeps `${...}` in user text inert.
 */
const TEMPLATE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Teams refuses messages above ~100 KB; stay well below so a card never fails to post. */
const MAX_CARD_BYTES = 80 * 1024;

const templates = new Map<string, ACData.Template>();
let cardsDir: string | undefined;

/** cards/ sits at the repository root: two levels up from src/cards (tsx) or three from dist/src/cards (build). */
function findCardsDir(): string {
  if (cardsDir) return cardsDir;
  const candidates = [resolve(__dirname, '../../cards'), resolve(__dirname, '../../../cards')];
  const found = candidates.find((dir) => existsSync(join(dir, 'help.json')));
  if (!found) throw new Error(`card templates not found (looked in ${candidates.join(', ')})`);
  cardsDir = found;
  return found;
}

function loadTemplate(name: string): ACData.Template {
  const cached = templates.get(name);
  if (cached) return cached;
  if (!TEMPLATE_NAME.test(name)) throw new Error(`invalid card template name: ${name}`);
  const json: unknown = JSON.parse(readFileSync(join(findCardsDir(), `${name}.json`), 'utf8'));
  const template = new ACData.Template(json);
  templates.set(name, template);
  return template;
}

/** Expands cards/<name>.json with `data` as $root. Typed wrappers (help-card.ts, ...) fix the data's shape. */
export function renderCard(name: string, data: object): Attachment {
  const expanded: unknown = withoutNulls(loadTemplate(name).expand({ $root: data }));
  if (expanded === null || typeof expanded !== 'object' || Array.isArray(expanded)) {
    throw new Error(`card template ${name} did not expand to an object`);
  }
  const size = Buffer.byteLength(JSON.stringify(expanded));
  if (size > MAX_CARD_BYTES)
    throw new Error(`card ${name} is ${size} bytes, above the ${MAX_CARD_BYTES}-byte limit`);
  return CardFactory.adaptiveCard(expanded);
}

/**
 * An object property whose `$when` is false expands to null (array items are dropped instead); the card schema has
 * no null anywhere, so such a property is removed, as if the template had left it out (e.g. `refresh`).
 */
function withoutNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNulls);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key, withoutNulls(value)]),
  );
}
