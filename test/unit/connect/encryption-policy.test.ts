import {
  DEFAULT_ENCRYPTION,
  ENCRYPTION_OPTIONS,
  judgeEncryption,
  needsTransportSetting,
  sslModeTitle,
  type EncryptionChoice,
} from '../../../src/connect/encryption-policy';

describe('encryption policy', () => {
  it('offers Require (default), Verify-full, Prefer and No encryption, with their Npgsql sslMode', () => {
    expect(ENCRYPTION_OPTIONS.map((o) => [o.choice, o.sslMode])).toEqual([
      ['require', 3],
      ['verify-full', 5],
      ['prefer', 2],
      ['disable', 0],
    ]);
    expect(DEFAULT_ENCRYPTION).toBe('require');
  });

  // [choice, require_secure_transport, verdict kind, sslMode or reason]
  const cases: Array<[EncryptionChoice, boolean | undefined, string, number | RegExp]> = [
    ['require', true, 'accept', 3],
    ['require', false, 'accept', 3],
    ['verify-full', true, 'accept', 5],
    ['prefer', true, 'accept', 2],
    ['disable', true, 'refuse', /requires encrypted connections \(require_secure_transport is on\)/],
    ['disable', undefined, 'refuse', /would fail to connect/],
    ['disable', false, 'confirm', 0],
  ];
  it.each(cases)('%s with require_secure_transport=%s → %s', (choice, secure, kind, detail) => {
    const verdict = judgeEncryption(choice, 'pg-x', secure);
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'refuse') expect(verdict.reason).toMatch(detail as RegExp);
    else expect(verdict.sslMode).toBe(detail);
    if (verdict.kind === 'confirm') expect(verdict.warning).toMatch(/clear text/);
  });

  it('reads the server setting only for No encryption', () => {
    expect(ENCRYPTION_OPTIONS.filter((o) => needsTransportSetting(o.choice)).map((o) => o.choice)).toEqual([
      'disable',
    ]);
  });

  it('names every sslMode', () => {
    expect([0, 1, 2, 3, 4, 5].map((m) => sslModeTitle(m as 0))).toEqual([
      'No encryption',
      'Allow',
      'Prefer',
      'Require',
      'Verify-CA',
      'Verify-full',
    ]);
  });
});
