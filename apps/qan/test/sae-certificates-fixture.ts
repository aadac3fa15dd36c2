import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClientTls,
  createCertificateAuthority,
  issueCertificate,
  writePrivateFile,
} from '@qcos/runtime';

/** The TLS files of a test KME and the client TLS of each named SAE (subject CN = SAE_ID). */
export interface TestSaeCertificates {
  readonly config: { etsi014CaFile: string; etsi014CertFile: string; etsi014KeyFile: string };
  /** Client TLS of an SAE certified by the network's SAE CA. */
  sae(saeId: string): ClientTls;
  /** Client TLS of an SAE with the same name, certified by a CA the KME does not know. */
  foreign(saeId: string): ClientTls;
  /** Trusting the KME, presenting no certificate. */
  readonly anonymous: { ca: string };
}

/** Issues a CA, the KME's server certificate for 127.0.0.1, and client certificates per SAE. */
export async function issueTestSaeCertificates(
  saeIds: readonly string[],
): Promise<TestSaeCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'qan-tls-'));
  const ca = await createCertificateAuthority('test SAE CA');
  const rogue = await createCertificateAuthority('rogue CA');
  const server = await issueCertificate(ca, {
    commonName: 'qan',
    usage: 'server',
    altNames: [{ type: 'ip', value: '127.0.0.1' }],
  });
  const files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'kme.pem'), key: join(dir, 'kme.key') };
  writePrivateFile(files.ca, ca.certPem);
  writePrivateFile(files.cert, server.certPem);
  writePrivateFile(files.key, server.keyPem);
  const issued = new Map<string, ClientTls>();
  const foreign = new Map<string, ClientTls>();
  for (const id of saeIds) {
    const mine = await issueCertificate(ca, { commonName: id, usage: 'client' });
    const theirs = await issueCertificate(rogue, { commonName: id, usage: 'client' });
    issued.set(id, { ca: ca.certPem, cert: mine.certPem, key: mine.keyPem });
    foreign.set(id, { ca: ca.certPem, cert: theirs.certPem, key: theirs.keyPem });
  }
  const get = (m: Map<string, ClientTls>, id: string) => {
    const tls = m.get(id);
    if (tls === undefined) throw new Error(`no certificate issued for ${id}`);
    return tls;
  };
  return {
    config: { etsi014CaFile: files.ca, etsi014CertFile: files.cert, etsi014KeyFile: files.key },
    sae: (id) => get(issued, id),
    foreign: (id) => get(foreign, id),
    anonymous: { ca: ca.certPem },
  };
}
