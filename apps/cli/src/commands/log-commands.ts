import type { BlockView } from '@qcos/qan-api';
import { intFlag, type ParsedArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { renderTable } from '../table.js';
import { client, print } from './client-commands.js';

/** One line per record: its kind, what it is about, and for an operator action its signer. */
export function describeRecord(r: Record<string, unknown>): string {
  if (r['kind'] !== 'OPERATOR_ACTION') {
    const about = typeof r['alias'] === 'string' ? ` ${r['alias']}` : '';
    return `${String(r['kind'])}${about}`;
  }
  const action = r['operatorAction'] as { seq: number; record: Record<string, unknown> };
  const inner = action.record;
  const detail =
    inner['kind'] === 'MAINTENANCE'
      ? ` ${String(inner['alias'])} ${inner['on'] === true ? 'on' : 'off'}`
      : inner['kind'] === 'TRUST_EDGE'
        ? ` ${String(inner['role'])} level ${Number(inner['levelPpm']) / 1_000_000}`
        : typeof inner['alias'] === 'string'
          ? ` ${inner['alias']}`
          : '';
  return `OPERATOR_ACTION ${String(inner['kind'])}${detail} signed by ${String(r['signer'])} seq ${action.seq}`;
}

/** `qcos log [--from N] [--limit N] [--json]`: committed blocks and their records. */
export async function logCommand(args: ParsedArgs): Promise<number> {
  const from = intFlag(args, 'from', 1, 0);
  const limit = intFlag(args, 'limit', 20, 1, 100);
  const { blocks } = await client(args, 'reader').listBlocks({ query: { from, limit } });
  if (args.flags['json'] === true) {
    print(JSON.stringify(blocks));
    return 0;
  }
  const rows = blocks.flatMap((b: BlockView) =>
    b.records.map((r) => [String(b.height), b.origin, describeRecord(r)]),
  );
  print(renderTable(['HEIGHT', 'ORIGIN', 'RECORD'], rows));
  return 0;
}

/** `qcos members [--json]`: the anchor, QANs and operators, with trust from the anchor. */
export async function membersCommand(args: ParsedArgs): Promise<number> {
  const view = await client(args, 'reader').members();
  if (args.flags['json'] === true) print(JSON.stringify(view));
  else
    print(
      `network ${view.networkId}, genesis ${view.genesisHash}\n${renderTable(
        ['QUID', 'ROLE', 'TRUST', 'MAY ACT', 'LAST SEQ'],
        view.members.map((m) => [
          m.quid,
          m.role,
          m.trustLevel.toFixed(3),
          m.mayAct ? 'yes' : 'no',
          String(m.lastSeq),
        ]),
      )}`,
    );
  return 0;
}

export const logSpec: CommandSpec = {
  name: 'log',
  summary: 'committed blocks; operator actions with their signer',
  usage: ['qcos log [--from N] [--limit N] [--json]'],
  description:
    'The committed blocks from a height on, one line per record; an operator action shows\nwhat it did, who signed it and its seq.',
  flags: [
    {
      name: 'from',
      kind: 'integer',
      value: 'N',
      min: 0,
      default: '1',
      meaning: 'the first height',
    },
    {
      name: 'limit',
      kind: 'integer',
      value: 'N',
      min: 1,
      max: 100,
      default: '20',
      meaning: 'blocks to show',
    },
  ],
  talksToQan: true,
  examples: ['qcos log --from 100 --limit 5'],
  run: logCommand,
};

export const membersSpec: CommandSpec = {
  name: 'members',
  summary: 'anchor, QANs and operators with trust from the anchor',
  usage: ['qcos members [--json]'],
  description:
    "The network's members as the genesis and the operator actions made them: role, trust\nfrom the anchor, whether they may act, the last seq of their actions.",
  flags: [],
  talksToQan: true,
  examples: ['qcos members --json'],
  run: membersCommand,
};
