import MarkdownIt from 'markdown-it';
import { escapeMarkdown } from '../../../src/cards/escape';

// CommonMark, as the Adaptive Cards JS renderer uses it (markdown-it); no linkify, as in Adaptive Cards.
const md = new MarkdownIt('commonmark');

function rendered(text: string): string {
  return md.renderInline(text);
}

/** What a reader sees: the HTML without tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('escapeMarkdown', () => {
  it('keeps a markdown link literal', () => {
    const evil = '[x](https://evil.example)';
    expect(rendered(evil)).toContain('<a href="https://evil.example"'); // the danger is real without escaping
    const html = rendered(escapeMarkdown(evil));
    expect(html).not.toContain('<a');
    expect(visibleText(html)).toBe(evil);
  });

  it.each([
    ['bold', '**urgent** approve now'],
    ['italic', '_please_ approve'],
    ['autolink', '<https://evil.example/login>'],
    ['image', '![logo](https://evil.example/pixel.png)'],
    ['code', '`rm -rf`'],
    ['reference link', '[click][1]\n\n[1]: https://evil.example'],
    ['backslashes', 'C:\\temp\\[x]'],
  ])('shows %s as typed, with no markup', (_name, text) => {
    const html = md.render(escapeMarkdown(text));
    expect(html).not.toMatch(/<(a|strong|em|img|code)\b/);
    expect(visibleText(html).replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it.each([
    ['heading', '# Drop everything'],
    ['list', '- item'],
    ['numbered list', '1. first'],
    ['quote', '> quoted'],
  ])('does not start a %s block', (_name, text) => {
    const html = md.render(escapeMarkdown(text));
    expect(html).toBe(`<p>${text.replace('>', '&gt;')}</p>\n`);
  });

  it('leaves ordinary Azure names alone', () => {
    for (const name of ['pg-orders', 'adf-contoso', 'mpe-pg-orders', 'v1.2 (beta)', 'rg-analytics']) {
      expect(escapeMarkdown(name)).toBe(name);
    }
  });

  it('leaves ${...} as text (it is only evaluated in templates)', () => {
    expect(visibleText(rendered(escapeMarkdown('${secret}')))).toBe('${secret}');
  });
});
