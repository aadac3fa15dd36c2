import { writeFileSync } from 'node:fs';
import { hybridQuid, toHex } from '@qcos/identity';
import {
  createGenesisDocument,
  decodeGenesisDocument,
  type GenesisMember,
  type MemberRole,
} from '@qcos/registry-core';
import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { publicKeyArg, seedFileKey } from '../operator/seed-file.js';
import { print } from './client-commands.js';

const usage = () => `usage: ${genesisSpec.usage.join(' ')}`;

/** A trust level flag in (0, 1] as ppm. */
function levelFlag(args: ParsedArgs, name: string): number {
  const raw = stringFlag(args, name) ?? '1';
  const level = Number(raw);
  if (!(level > 0 && level <= 1)) throw new CliError('USAGE', `--${name} must be in (0, 1]`);
  return Math.round(level * 1_000_000);
}

/** Members of one role from a comma-separated list of public keys (hex or files of hex). */
function membersFlag(args: ParsedArgs, name: string, role: MemberRole, levelPpm: number) {
  const list = stringFlag(args, name);
  if (list === undefined) return [];
  return list
    .split(',')
    .filter((s) => s !== '')
    .map((k): GenesisMember => ({ role, publicKey: publicKeyArg(k), levelPpm }));
}

/**
 * `qcos genesis create`: signs the network's genesis document with the anchor key (creating the
 * anchor seed file, owner-only, on first use). The document is public: every QAN and relay of
 * the network starts from the same file.
 */
export function genesisCommand(args: ParsedArgs): number {
  if (args.positional[0] !== 'create') throw new CliError('USAGE', usage());
  const networkId = stringFlag(args, 'network-id');
  const seedFile = stringFlag(args, 'anchor-seed-file');
  const out = stringFlag(args, 'out');
  if (networkId === undefined || seedFile === undefined || out === undefined)
    throw new CliError('USAGE', usage());
  const { key, created } = seedFileKey(seedFile);
  const members = [
    ...membersFlag(args, 'qans', 'QAN', levelFlag(args, 'qan-level')),
    ...membersFlag(args, 'operators', 'OPERATOR', levelFlag(args, 'operator-level')),
  ];
  let bytes: Uint8Array;
  try {
    bytes = createGenesisDocument({ networkId, anchorKey: key, members });
  } catch (error) {
    throw new CliError('GENESIS_INVALID', (error as Error).message);
  }
  writeFileSync(out, bytes);
  const doc = decodeGenesisDocument(bytes);
  const summary = {
    file: out,
    networkId,
    genesisHash: toHex(doc.hash),
    anchor: hybridQuid(key.publicKey),
    anchorSeedCreated: created,
    members: doc.members.map((m) => ({ role: m.role, quid: hybridQuid(m.publicKey) })),
  };
  if (args.flags['json'] === true) print(JSON.stringify(summary));
  else
    print(
      `wrote ${out}: network ${networkId}, genesis ${summary.genesisHash}\n` +
        `anchor ${summary.anchor}${created ? ` (new seed in ${seedFile})` : ''}\n` +
        summary.members.map((m) => `  ${m.role.padEnd(8)} ${m.quid}`).join('\n'),
    );
  return 0;
}

const level = (name: string, role: string) => ({
  name,
  kind: 'number' as const,
  value: 'L',
  min: 0,
  max: 1,
  default: '1',
  meaning: `trust from the anchor in each ${role}, in (0, 1]`,
});

export const genesisSpec: CommandSpec = {
  name: 'genesis',
  summary: "sign the network's genesis document with the anchor key",
  usage: [
    'qcos genesis create --network-id ID --anchor-seed-file FILE --out FILE',
    '    [--qans KEY,…] [--operators KEY,…] [--qan-level L] [--operator-level L]',
  ],
  description: `Writes the genesis document every QAN and relay of the network starts from, signed with
the anchor key. The anchor seed file is created (0600) if missing; keep it offline. Keys are hex
or files holding hex.`,
  flags: [
    { name: 'network-id', kind: 'string', value: 'ID', meaning: "the network's id (required)" },
    {
      name: 'anchor-seed-file',
      kind: 'string',
      value: 'FILE',
      meaning: 'the anchor seed (required)',
    },
    {
      name: 'out',
      kind: 'string',
      value: 'FILE',
      meaning: 'where to write the document (required)',
    },
    { name: 'qans', kind: 'string', value: 'KEY,…', meaning: "the QANs' public keys" },
    { name: 'operators', kind: 'string', value: 'KEY,…', meaning: "the operators' public keys" },
    level('qan-level', 'QAN'),
    level('operator-level', 'operator'),
  ],
  talksToQan: false,
  examples: [
    'qcos genesis create --network-id prod --anchor-seed-file anchor.seed --out genesis.qgd --qans QAN_KEY_HEX',
  ],
  run: genesisCommand,
};
