import { hybridQuid, toHex } from '@qcos/identity';
import { type OperatorRecordBody, RegistryError } from '@qcos/registry-core';
import { intFlag, type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { publicKeyArg, readSeedFile, seedFileKey } from '../operator/seed-file.js';
import { submitOperatorAction } from '../operator/submit-action.js';
import { client, print } from './client-commands.js';

const usage = () => `usage: ${operatorSpec.usage.join('\n       ')}`;

function seedFileOf(args: ParsedArgs): string {
  const file = stringFlag(args, 'seed-file') ?? process.env['QCOS_OPERATOR_SEED_FILE'];
  if (file === undefined) throw new CliError('USAGE', usage());
  return file;
}

/** Signs `record` with the operator's seed file and submits it; prints where it landed. */
async function submitAction(args: ParsedArgs, record: OperatorRecordBody): Promise<number> {
  const key = readSeedFile(seedFileOf(args));
  let view: Awaited<ReturnType<typeof submitOperatorAction>>;
  try {
    view = await submitOperatorAction(client(args, 'operator'), key, record, Date.now());
  } catch (error) {
    // An action the registry's own codec refuses never leaves this machine.
    if (!(error instanceof RegistryError)) throw error;
    throw new CliError(error.code, error.message, { field: error.field });
  }
  if (args.flags['json'] === true) print(JSON.stringify(view));
  else
    print(
      `${view.kind} signed by ${view.signer} (seq ${view.seq}) is in block ${view.height}; action ${view.id}`,
    );
  return 0;
}

function trustRecord(args: ParsedArgs): OperatorRecordBody {
  const [, verb, keyArg] = args.positional;
  const role = stringFlag(args, 'role');
  if ((verb !== 'grant' && verb !== 'revoke') || keyArg === undefined)
    throw new CliError('USAGE', usage());
  if (role !== 'qan' && role !== 'operator')
    throw new CliError('USAGE', '--role must be qan or operator');
  const level = verb === 'revoke' ? 0 : Number(stringFlag(args, 'level') ?? '1');
  if (!(level >= 0 && level <= 1)) throw new CliError('USAGE', '--level must be in 0..1');
  return {
    kind: 'TRUST_EDGE',
    trusteeKey: publicKeyArg(keyArg),
    role: role === 'qan' ? 'QAN' : 'OPERATOR',
    levelPpm: Math.round(level * 1_000_000),
  };
}

/** The policy in force (from the QAN) with the flags' changes, as the next version. */
async function policyRecord(args: ParsedArgs): Promise<OperatorRecordBody> {
  const { policy } = await client(args, 'reader').members();
  const fidelity = stringFlag(args, 'min-fidelity');
  if (fidelity !== undefined && !(Number(fidelity) >= 0 && Number(fidelity) <= 1))
    throw new CliError('USAGE', '--min-fidelity must be in 0..1');
  return {
    kind: 'POLICY',
    policy: {
      version: policy.version + 1,
      heartbeatIntervalMs: intFlag(
        args,
        'heartbeat-interval-ms',
        policy.heartbeatIntervalMs,
        1_000,
      ),
      minFidelityPpm:
        fidelity === undefined ? policy.minFidelityPpm : Math.round(Number(fidelity) * 1_000_000),
      hysteresisHeartbeats: intFlag(args, 'hysteresis', policy.hysteresisHeartbeats, 1),
      fidelityWindow: intFlag(args, 'fidelity-window', policy.fidelityWindow, 1),
      ...protocolFlags(args, policy),
    },
  };
}

/**
 * The protocol schedule of the next policy: the one in force, kept (leaving it out would take
 * the protocol back down, which the fold refuses), or a new one from both flags.
 */
function protocolFlags(
  args: ParsedArgs,
  policy: { readonly protocol?: number; readonly protocolHeight?: number },
): { protocol?: number; protocolHeight?: number } {
  const protocol = stringFlag(args, 'protocol');
  const height = stringFlag(args, 'protocol-height');
  if (protocol === undefined && height === undefined)
    return policy.protocol === undefined
      ? {}
      : { protocol: policy.protocol, protocolHeight: policy.protocolHeight as number };
  if (protocol === undefined || height === undefined)
    throw new CliError('USAGE', '--protocol and --protocol-height go together');
  return {
    protocol: intFlag(args, 'protocol', 2, 2),
    protocolHeight: intFlag(args, 'protocol-height', 1, 1),
  };
}

function keyCommand(args: ParsedArgs): number {
  const file = seedFileOf(args);
  const { key, created } = seedFileKey(file);
  const view = { quid: hybridQuid(key.publicKey), publicKey: toHex(key.publicKey), created };
  if (args.flags['json'] === true) print(JSON.stringify(view));
  else print(`operator ${view.quid}${created ? ` (new seed in ${file})` : ''}\n${view.publicKey}`);
  return 0;
}

/** `qcos operator …`: actions signed locally with the operator's own key, carried by the QAN. */
export async function operatorCommand(args: ParsedArgs): Promise<number> {
  const [sub, alias, onOff] = args.positional;
  const atMs = Date.now();
  switch (sub) {
    case 'key':
      return keyCommand(args);
    case 'maintenance':
      if (alias === undefined || (onOff !== 'on' && onOff !== 'off'))
        throw new CliError('USAGE', usage());
      return submitAction(args, { kind: 'MAINTENANCE', alias, atMs, on: onOff === 'on' });
    case 'deregister':
      if (alias === undefined) throw new CliError('USAGE', usage());
      return submitAction(args, { kind: 'DEREGISTER', alias, atMs });
    case 'trust':
      return submitAction(args, trustRecord(args));
    case 'policy':
      return submitAction(args, await policyRecord(args));
    default:
      throw new CliError('USAGE', usage());
  }
}

const count = (name: string, min: number, meaning: string) => ({
  name,
  kind: 'integer' as const,
  value: 'N',
  min,
  meaning,
});

export const operatorSpec: CommandSpec = {
  name: 'operator',
  summary: "operator actions, signed locally with the operator's own key",
  usage: [
    'qcos operator key --seed-file FILE',
    'qcos operator maintenance <alias> on|off --seed-file FILE',
    'qcos operator deregister <alias> --seed-file FILE',
    'qcos operator trust grant|revoke <key> --role qan|operator [--level L] --seed-file FILE',
    'qcos operator policy [--heartbeat-interval-ms N] [--min-fidelity F] [--hysteresis N]',
    '    [--fidelity-window N] [--protocol 2 --protocol-height H] --seed-file FILE',
  ],
  description: `key creates the operator key if missing and prints its quid and public key. The other
actions are signed with it (the next seq and the genesis hash come from the QAN's members) and
carried by the QAN into a block: maintenance puts a node into QUARANTINE MAINTENANCE or takes it
out, deregister removes it, trust grants or revokes trust in a QAN or operator key (hex or a file
of hex), policy signs the policy in force with the given changes as its next version (--protocol
schedules blocks of that version from height H on). The seed file is --seed-file or
$QCOS_OPERATOR_SEED_FILE, owner-only; a seed never goes on the command line.`,
  flags: [
    { name: 'seed-file', kind: 'string', value: 'FILE', meaning: "the operator's seed (0600)" },
    { name: 'role', kind: 'string', value: 'qan|operator', meaning: 'trust: the role of the key' },
    {
      name: 'level',
      kind: 'number',
      value: 'L',
      min: 0,
      max: 1,
      default: '1',
      meaning: 'trust grant: the trust level',
    },
    count('heartbeat-interval-ms', 1_000, 'policy: the heartbeat interval'),
    {
      name: 'min-fidelity',
      kind: 'number',
      value: 'F',
      min: 0,
      max: 1,
      meaning: 'policy: the fidelity below which a node is quarantined',
    },
    count('hysteresis', 1, 'policy: good heartbeats before a node is ACTIVE again'),
    count('fidelity-window', 1, 'policy: heartbeats the fidelity is averaged over'),
    count('protocol', 2, 'policy: the block protocol version to schedule'),
    count('protocol-height', 1, 'policy: the height it applies from'),
  ],
  talksToQan: true,
  examples: [
    'qcos operator maintenance rigel on --seed-file op.seed',
    'qcos operator trust grant QAN_KEY_HEX --role qan --level 0.8 --seed-file op.seed',
  ],
  run: operatorCommand,
};
