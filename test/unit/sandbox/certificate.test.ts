import { X509Certificate } from 'node:crypto';
import { createCertificate } from '../../../src/sandbox/certificate';

describe('the simulator certificate', () => {
  it('is valid for the loopback names, and each one has a subject of its own (trust stores look up by subject)', async () => {
    const [a, b] = await Promise.all([createCertificate(), createCertificate()]);
    const [x, y] = [new X509Certificate(a.cert), new X509Certificate(b.cert)];
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.subject).not.toBe(y.subject);
  });
});
