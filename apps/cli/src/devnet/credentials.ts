import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  type ClientTls,
  createCertificateAuthority,
  issueCertificate,
  writePrivateFile,
} from '@qcos/runtime';
import type { AgentControl, CliContext, TokenRole } from '../credentials/context.js';

/** The master SAE of the devnet: paired with every node, it takes keys with enc_keys. */
export const DEVNET_MASTER_SAE = 'sae-devnet';

const ROLES: readonly TokenRole[] = ['operator', 'client', 'reader'];

/** The scopes of the devnet's nodes. */
export const DEVNET_SCOPES = ['eu-west', 'us-east'] as const;

/** The devnet's own credentials, all in `<dataDir>/credentials/` (files 0600). */
export interface DevnetCredentials {
  /** A fresh bearer token per role. */
  readonly tokens: Readonly<Record<TokenRole, string>>;
  /** The QAN config fields that point at them. */
  readonly qanConfig: Readonly<Record<string, unknown>>;
  /** Where the CLI context is written (see writeContext). */
  readonly contextFile: string;
  /** Client TLS of one of the devnet's SAEs (the master or a node alias). */
  sae(saeId: string): ClientTls;
  /** Writes the CLI context once the QAN's listeners have their ports. */
  writeContext(qan: string, kme: string): void;
  /**
   * Records an agent's control endpoint and the file of its token (an absolute path, stored
   * relative to the context) and rewrites the context: at each agent's start and restart.
   */
  recordAgent(alias: string, control: string, tokenFile: string): void;
}

/**
 * Issues the devnet's credentials afresh: a bearer token per role (the QAN gets only their
 * SHA-256), an SAE CA, the KME's TLS certificate for 127.0.0.1, and a client certificate for the
 * master SAE and for each node (a slave SAE named by its alias).
 */
export async function issueDevnetCredentials(
  dataDir: string,
  nodeAliases: readonly string[],
): Promise<DevnetCredentials> {
  const dir = join(dataDir, 'credentials');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(dir, name);
  const tokens = Object.fromEntries(ROLES.map((r) => [r, randomBytes(32).toString('hex')]));
  const principals = ROLES.map((role) => ({
    name: `devnet-${role}`,
    roles: [role],
    // The client and the operator may request resource contracts on every devnet node.
    ...(role === 'reader' ? {} : { scopes: DEVNET_SCOPES }),
    tokenSha256: createHash('sha256')
      .update(tokens[role] as string)
      .digest('hex'),
  }));
  writePrivateFile(file('api-credentials.json'), JSON.stringify({ principals }, null, 2));
  const ca = await createCertificateAuthority('QCOS devnet SAE CA');
  const kme = await issueCertificate(ca, {
    commonName: 'qan',
    usage: 'server',
    altNames: [{ type: 'ip', value: '127.0.0.1' }],
  });
  writePrivateFile(file('sae-ca.pem'), ca.certPem);
  writePrivateFile(file('kme.pem'), kme.certPem);
  writePrivateFile(file('kme.key'), kme.keyPem);
  const saes: CliContext['saes'] = {};
  const tls = new Map<string, ClientTls>();
  for (const id of [DEVNET_MASTER_SAE, ...nodeAliases]) {
    const issued = await issueCertificate(ca, { commonName: id, usage: 'client' });
    writePrivateFile(file(`sae-${id}.pem`), issued.certPem);
    writePrivateFile(file(`sae-${id}.key`), issued.keyPem);
    saes[id] = { cert: `sae-${id}.pem`, key: `sae-${id}.key` };
    tls.set(id, { ca: ca.certPem, cert: issued.certPem, key: issued.keyPem });
  }
  return {
    tokens: tokens as Record<TokenRole, string>,
    qanConfig: {
      credentialsFile: file('api-credentials.json'),
      etsi014CaFile: file('sae-ca.pem'),
      etsi014CertFile: file('kme.pem'),
      etsi014KeyFile: file('kme.key'),
      saePairings: [{ master: DEVNET_MASTER_SAE, slaves: [...nodeAliases] }],
    },
    contextFile: file('context.json'),
    sae: (id) => {
      const t = tls.get(id);
      if (t === undefined) throw new Error(`the devnet issued no certificate for ${id}`);
      return t;
    },
    ...contextWriter(file('context.json'), {
      tokens,
      saeCa: 'sae-ca.pem',
      master: DEVNET_MASTER_SAE,
      saes,
    }),
  };
}

/** Writes the context file from what is known so far: the QAN's addresses, then each agent. */
function contextWriter(
  contextFile: string,
  fixed: Pick<CliContext, 'tokens' | 'saeCa' | 'master' | 'saes'>,
): Pick<DevnetCredentials, 'writeContext' | 'recordAgent'> {
  let addresses: Pick<CliContext, 'qan' | 'kme'> = {};
  const agents: Record<string, AgentControl> = {};
  const write = () => {
    const context: CliContext = { ...addresses, ...fixed, agents };
    writePrivateFile(contextFile, JSON.stringify(context, null, 2));
  };
  return {
    writeContext: (qan, kme) => {
      addresses = { qan, kme };
      write();
    },
    recordAgent: (alias, control, tokenFile) => {
      agents[alias] = { control, tokenFile: relative(dirname(contextFile), tokenFile) };
      write();
    },
  };
}
