import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueCertificate } from '../src/index.js';

describe('SAE certificates', () => {
  it('issues a CA and leaf certificates that verify against it, with the usage asked for', async () => {
    const ca = await createCertificateAuthority('devnet SAE CA');
    const client = await issueCertificate(ca, { commonName: 'sae-alpha', usage: 'client' });
    const server = await issueCertificate(ca, {
      commonName: 'qan',
      usage: 'server',
      altNames: [{ type: 'ip', value: '127.0.0.1' }],
    });
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.ca).toBe(true);
    const leaf = new X509Certificate(client.certPem);
    expect([
      leaf.subject,
      leaf.ca,
      leaf.checkIssued(caCert),
      leaf.verify(caCert.publicKey),
    ]).toEqual(['CN=sae-alpha', false, true, true]);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    const tls = new X509Certificate(server.certPem);
    expect([tls.keyUsage, tls.checkIP('127.0.0.1')]).toEqual([['1.3.6.1.5.5.7.3.1'], '127.0.0.1']);
    expect(client.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('a certificate of another CA does not verify', async () => {
    const ca = await createCertificateAuthority('devnet SAE CA');
    const rogue = await createCertificateAuthority('rogue');
    const leaf = new X509Certificate(
      (await issueCertificate(rogue, { commonName: 'sae-alpha', usage: 'client' })).certPem,
    );
    const caCert = new X509Certificate(ca.certPem);
    expect([leaf.checkIssued(caCert), leaf.verify(caCert.publicKey)]).toEqual([false, false]);
  });

  it('dates the validity period from the given time, not the wall clock', async () => {
    const nowMs = Date.UTC(2026, 0, 1);
    const day = 86_400_000;
    const ca = await createCertificateAuthority('devnet SAE CA', { nowMs, validDays: 10 });
    const leaf = await issueCertificate(ca, { commonName: 'sae-alpha', usage: 'client', nowMs });
    const period = (pem: string) => {
      const cert = new X509Certificate(pem);
      return [Date.parse(cert.validFrom), Date.parse(cert.validTo)];
    };
    expect(period(ca.certPem)).toEqual([nowMs - day, nowMs + 10 * day]);
    expect(period(leaf.certPem)).toEqual([nowMs - day, nowMs + 825 * day]);
  });
});
