import { allSamples } from '../../../scripts/cards/samples';
import { contrastRatio, MINIMUM_RATIO, parseColor, textContrasts } from '../../../scripts/cards/contrast';
import { THEMES } from '../../../scripts/cards/themes';

describe('the contrast measure', () => {
  it('agrees with WCAG reference values', () => {
    expect(contrastRatio(parseColor('#000000'), parseColor('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseColor('#777777'), parseColor('#ffffff'))).toBeCloseTo(4.48, 2);
    // Alpha first: #bf252424 is 75% of #252424.
    expect(parseColor('#bf252424')).toMatchObject({ r: 0x25, g: 0x24, b: 0x24 });
    expect(parseColor('#bf252424').a).toBeCloseTo(0.749, 3);
  });

  it('catches the low-contrast status line the cards used to have (Warning text on a white card)', () => {
    const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Waiting', color: 'Warning' }] };
    const [light] = THEMES;
    const [measured] = textContrasts(card, light!.hostConfig);
    expect(measured!.ratio).toBeLessThan(MINIMUM_RATIO);
  });
});

describe.each(THEMES.map((t) => [t.name, t] as const))('every card in the %s theme', (_name, theme) => {
  it.each(allSamples().map((s) => [s.name, s] as const))('%s: all text meets 4.5:1', (_sample, sample) => {
    const measured = textContrasts(sample.attachment.content, theme.hostConfig);
    expect(measured.length).toBeGreaterThan(0);
    const failing = measured
      .filter((m) => m.ratio < MINIMUM_RATIO)
      .map(
        (m) =>
          `${m.ratio.toFixed(2)}:1 "${m.text.slice(0, 40)}" (${m.color}${m.subtle ? ', subtle' : ''} in ${m.style})`,
      );
    expect(failing).toEqual([]);
  });
});
