import { validateAdaptiveCard as validateCard } from '../../helpers/adaptive-card-schema';
import { renderHelpCard, type HelpCardData } from '../../../src/cards/help-card';
import { renderCard } from '../../../src/cards/render';

const DATA: HelpCardData = {
  title: 'Private Link helper',
  summary: 'Connects Data Factory to PostgreSQL over Private Link.',
  commands: [
    { usage: 'help', description: 'Show this card.' },
    { usage: 'status <server>', description: 'What is going on with a server.' },
  ],
  environmentNote: 'Sandbox: Azure is simulated.',
};

function content(data: HelpCardData): Record<string, unknown> {
  const attachment = renderHelpCard(data);
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment.content as Record<string, unknown>;
}

function texts(card: Record<string, unknown>): string[] {
  return JSON.stringify(card).match(/"text":"[^"]*"/g) ?? [];
}

describe('help card', () => {
  it('validates against the Adaptive Card 1.5 schema, version 1.5', () => {
    const card = content(DATA);
    const valid = validateCard(card);
    expect(validateCard.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(card['version']).toBe('1.5');
  });

  it('has a schema check that rejects a broken card (the check is not vacuous)', () => {
    expect(validateCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).toBe(false);
    expect(
      validateCard({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'FactSet', facts: [{ title: 'a' }] }],
      }),
    ).toBe(false);
  });

  it('lists one fact per command, from data', () => {
    const card = content(DATA);
    const factSet = (card['body'] as Array<Record<string, unknown>>).find((e) => e['type'] === 'FactSet');
    expect(factSet?.['facts']).toEqual([
      { title: 'help', value: 'Show this card.' },
      { title: 'status <server>', value: 'What is going on with a server.' },
    ]);
  });

  it('hides the environment note when empty and still validates', () => {
    const card = content({ ...DATA, environmentNote: '' });
    expect(validateCard(card)).toBe(true);
    expect(texts(card).some((t) => t.includes('Sandbox'))).toBe(false);
    expect(texts(content(DATA)).some((t) => t.includes('Sandbox'))).toBe(true);
  });

  it('inserts data literally: ${...} in data is not evaluated (templates expand once)', () => {
    const card = content({
      ...DATA,
      title: '${summary}',
      commands: [{ usage: '${title}', description: '${1+1}' }],
    });
    expect(JSON.stringify(card)).toContain('"text":"${summary}"');
    expect(
      (card['body'] as Array<Record<string, unknown>>).find((e) => e['type'] === 'FactSet')?.['facts'],
    ).toEqual([{ title: '${title}', value: '${1+1}' }]);
  });

  it('does not leak one expansion into the next (cached template)', () => {
    content({ ...DATA, title: 'first' });
    expect(JSON.stringify(content({ ...DATA, title: 'second' }))).not.toContain('first');
  });

  it('refuses template names that could escape cards/', () => {
    expect(() => renderCard('../package', {})).toThrow(/invalid card template name/);
  });
});
