import { randomUUID } from 'node:crypto';
import { generate } from 'selfsigned';

export interface Certificate {
  /** PEM of the self-signed certificate: clients trust it (tlsOptions.ca, NODE_EXTRA_CA_CERTS). */
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for the loopback simulator, valid for `localhost` and 127.0.0.1 (and ::1).
 * The SDK's bearer-token policy refuses plain http even on loopback, so the simulator must speak TLS.
 * Each certificate gets a subject of its own: a trust store (NODE_EXTRA_CA_CERTS) finds a self-signed certificate
 * by its subject name, and of two with the same subject only the first is tried, so a client trusting this
 * certificate and another loopback one (a second simulator, a test's stand-in) would refuse one of them.
 */
export async function createCertificate(): Promise<Certificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000);
  const subject = [
    { name: 'commonName', value: 'localhost' },
    { name: 'organizationName', value: `pl-bot loopback ${randomUUID()}` },
  ];
  const pems = await generate(subject, {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
