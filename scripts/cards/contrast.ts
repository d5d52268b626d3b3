import type { HostConfig } from './themes';

/**
 * WCAG 2.x contrast of every piece of text in an expanded card, as a host config colours it: the text's colour
 * (`color`, `isSubtle`) in the container style it sits in, over that style's background. Host configs write
 * colours as #RRGGBB or #AARRGGBB (alpha first); a translucent colour is blended over what is behind it.
 */

export interface TextContrast {
  text: string;
  style: string;
  color: string;
  subtle: boolean;
  ratio: number;
}

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** WCAG 2.2 success criterion 1.4.3: normal text needs 4.5:1. */
export const MINIMUM_RATIO = 4.5;

export function textContrasts(card: unknown, hostConfig: HostConfig): TextContrast[] {
  const found: TextContrast[] = [];
  const rootBackground = parseColor(styleOf(hostConfig, 'default').backgroundColor);
  walk(card, 'default', rootBackground, hostConfig, found);
  return found;
}

function walk(node: unknown, style: string, behind: Rgba, config: HostConfig, found: TextContrast[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, style, behind, config, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const element = node as Record<string, unknown>;
  let here = style;
  let background = behind;
  if (typeof element['style'] === 'string' && isContainerLike(element['type'])) {
    here = element['style'].toLowerCase();
    background = blend(parseColor(styleOf(config, here).backgroundColor), behind);
  }
  const measure = (text: unknown, color: unknown, subtle: unknown) => {
    if (typeof text !== 'string' || text.trim() === '') return;
    const name = typeof color === 'string' ? color.toLowerCase() : 'default';
    const isSubtle = subtle === true;
    const colours = styleOf(config, here).foregroundColors[name];
    if (!colours) throw new Error(`the host config has no foreground colour "${name}"`);
    const foreground = blend(parseColor(isSubtle ? colours.subtle : colours.default), background);
    found.push({
      text,
      style: here,
      color: name,
      subtle: isSubtle,
      ratio: contrastRatio(foreground, background),
    });
  };
  switch (element['type']) {
    case 'TextBlock':
    case 'TextRun':
      measure(element['text'], element['color'], element['isSubtle']);
      break;
    case 'FactSet': {
      const facts = Array.isArray(element['facts'])
        ? (element['facts'] as Array<Record<string, unknown>>)
        : [];
      const factSet = (config['factSet'] ?? {}) as Record<string, Record<string, unknown>>;
      for (const fact of facts) {
        measure(fact['title'], factSet['title']?.['color'], factSet['title']?.['isSubtle']);
        measure(fact['value'], factSet['value']?.['color'], factSet['value']?.['isSubtle']);
      }
      break;
    }
  }
  for (const [key, child] of Object.entries(element)) {
    if (key !== 'facts') walk(child, here, background, config, found);
  }
}

function isContainerLike(type: unknown): boolean {
  return type === 'Container' || type === 'Column' || type === 'ColumnSet' || type === 'AdaptiveCard';
}

function styleOf(config: HostConfig, name: string) {
  const style = config.containerStyles[name] ?? config.containerStyles[name.toLowerCase()];
  if (!style) throw new Error(`the host config has no container style "${name}"`);
  return style;
}

export function parseColor(hex: string): Rgba {
  const digits = hex.replace(/^#/, '');
  const value = (from: number) => parseInt(digits.slice(from, from + 2), 16);
  if (digits.length === 6) return { r: value(0), g: value(2), b: value(4), a: 1 };
  if (digits.length === 8) return { a: value(0) / 255, r: value(2), g: value(4), b: value(6) };
  throw new Error(`not a host config colour: ${hex}`);
}

/** `top` drawn over an opaque `bottom`. */
function blend(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/** WCAG relative luminance and contrast ratio (w3.org/TR/WCAG22/#dfn-relative-luminance). */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function luminance({ r, g, b }: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
