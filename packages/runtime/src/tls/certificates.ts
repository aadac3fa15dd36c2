import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { systemClock } from '../clock.js';

/**
 * Certificates for mutually authenticated TLS (ETSI GS QKD 014 key delivery): a network CA, the
 * KME's server certificate and one client certificate per SAE, whose subject CN is the SAE_ID.
 * Every structure is built by @peculiar/x509 over node's WebCrypto; nothing here encodes ASN.1.
 * Keys are ECDSA P-256 (every TLS 1.3 stack accepts them), private keys PKCS #8 PEM.
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

/** A certificate and its private key, both PEM. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A CA that can issue: its PEM files and the WebCrypto handles to sign with. */
export interface CertificateAuthority extends IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
}

export interface IssueOptions {
  /** Subject common name: the SAE_ID of a client certificate, a host name of a server one. */
  readonly commonName: string;
  /** `server` (serverAuth, subjectAltName DNS/IP) or `client` (clientAuth). */
  readonly usage: 'server' | 'client';
  /** Server certificates: the host names and IP addresses clients connect to. */
  readonly altNames?: readonly { readonly type: 'dns' | 'ip'; readonly value: string }[];
  readonly validDays?: number;
  readonly nowMs?: number;
}

const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex');
const period = (nowMs: number, days: number) => ({
  notBefore: new Date(nowMs - DAY_MS),
  notAfter: new Date(nowMs + days * DAY_MS),
});

async function keyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as unknown as CryptoKeyPair;
}

/** A fresh self-signed CA named `commonName` (basicConstraints CA, keyCertSign). */
export async function createCertificateAuthority(
  commonName: string,
  options: { validDays?: number; nowMs?: number } = {},
): Promise<CertificateAuthority> {
  const keys = await newKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: ALGORITHM,
    ...period(options.nowMs ?? systemClock.now(), options.validDays ?? 3_650),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certificate,
    privateKey: keys.privateKey,
    certPem: certificate.toString('pem'),
    keyPem: await keyPem(keys.privateKey),
  };
}

/** Issues a leaf certificate signed by `ca`. */
export async function issueCertificate(
  ca: CertificateAuthority,
  options: IssueOptions,
): Promise<IssuedCertificate> {
  const keys = await newKeys();
  const usage =
    options.usage === 'server'
      ? x509.ExtendedKeyUsage.serverAuth
      : x509.ExtendedKeyUsage.clientAuth;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([usage]),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
  ];
  if (options.altNames !== undefined && options.altNames.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(options.altNames.map((n) => ({ ...n }))),
    );
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${options.commonName}`,
    issuer: ca.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: ALGORITHM,
    ...period(options.nowMs ?? systemClock.now(), options.validDays ?? 825),
    extensions,
  });
  return { certPem: certificate.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}
