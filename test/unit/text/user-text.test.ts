import { cleanText, cleanUnknown, displayName, personName } from '../../../src/text/user-text';

describe('user text rules', () => {
  it('leaves ordinary text as it is, apart from surrounding space', () => {
    expect(cleanText('  Use the shared factory instead  ')).toBe('Use the shared factory instead');
    expect(cleanText('Zoë, naïve café ✓ 日本語')).toBe('Zoë, naïve café ✓ 日本語');
  });

  it('composes to NFC, also where a removed character stood between a letter and its mark', () => {
    expect(cleanText('Zoe\u0308')).toBe('Zo\u00eb');
    expect(cleanText('e\u200b\u0301')).toBe('\u00e9');
  });

  it('leaves nothing of a reason made only of invisible characters, so it counts as empty', () => {
    expect(cleanText('\u200b\u200b\u200d')).toBe('');
    expect(cleanText('\u0000')).toBe('');
    expect(cleanText(' \ufeff\u2060\u00ad\u061c ')).toBe('');
  });

  it('removes NUL, C0 and C1 controls, zero-width characters and bidi controls inside text', () => {
    expect(cleanText('ok\u0000; DROP')).toBe('ok; DROP');
    expect(cleanText('a\u0007b\u001bc\u007fd\u009be')).toBe('abcde');
    expect(cleanText('one\u0085two')).toBe('one two'); // NEL is a line break
    expect(cleanText('invoice_\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(cleanText('\u202Aa\u202Bb\u202Cc\u2066d\u2067e\u2068f\u2069')).toBe('abcdef');
  });

  it('keeps line breaks only where several lines are allowed', () => {
    expect(cleanText('one\r\ntwo\u2028three\tfour', { multiline: true })).toBe('one\ntwo\nthree four');
    expect(cleanText('one\r\ntwo\u2029three')).toBe('one two three');
  });

  it('reads only strings from untyped data', () => {
    expect(cleanUnknown({ text: 'x' })).toBe('');
    expect(cleanUnknown(42)).toBe('');
    expect(cleanUnknown(' fine ')).toBe('fine');
  });

  it('isolates right-to-left names for display and leaves left-to-right names unchanged', () => {
    expect(displayName('Avery Approver')).toBe('Avery Approver');
    expect(displayName('\u202Eyreva')).toBe('yreva');
    expect(displayName('שרה כהן')).toBe('\u2068שרה כהן\u2069');
    expect(displayName('\u202Bعلي\u202C')).toBe('\u2068علي\u2069');
  });

  it('gives a fallback for a missing or invisible sender name', () => {
    expect(personName(undefined)).toBe('Someone');
    expect(personName('\u200b')).toBe('Someone');
    expect(personName(' Riley ')).toBe('Riley');
  });
});
