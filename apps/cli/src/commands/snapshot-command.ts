import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '@qcos/identity';
import { decodeSnapshot, stateRoot } from '@qcos/registry-core';
import { openDatabase, sqliteSnapshotStore } from '@qcos/runtime';
import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { print } from './client-commands.js';

const usage = () => `usage: ${snapshotSpec.usage.join('')}`;

/**
 * `qcos snapshot export`: writes the newest registry snapshot a QAN stored in its data
 * directory (its `qan.db`, read while the QAN runs) to a file, for another QAN's `snapshotFile`.
 * Whoever runs it needs read access to that QAN's data directory; the snapshot holds only what
 * the registry holds (public keys, entries, trust edges), and the receiving QAN checks it
 * against the log before using it, so the file needs no protection in transit.
 */
export async function snapshotCommand(args: ParsedArgs): Promise<number> {
  const dataDir = stringFlag(args, 'data-dir');
  const out = stringFlag(args, 'out');
  if (args.positional[0] !== 'export' || dataDir === undefined || out === undefined)
    throw new CliError('USAGE', usage());
  const file = join(dataDir, 'qan.db');
  // openDatabase would create an empty database: a wrong path must fail instead.
  if (!existsSync(file)) throw new CliError('FILE_UNREADABLE', `no QAN database at ${file}`);
  const db = openDatabase(file);
  try {
    const latest = await sqliteSnapshotStore(db).latest();
    if (latest === undefined)
      throw new CliError('SNAPSHOT_NONE', `the QAN at ${dataDir} has stored no snapshot yet`);
    writeFileSync(out, latest.bytes);
    const view = {
      height: latest.height,
      stateRoot: toHex(stateRoot(decodeSnapshot(latest.bytes))),
      out,
    };
    if (args.flags['json'] === true) print(JSON.stringify(view));
    else
      print(`snapshot at height ${view.height}, state root ${view.stateRoot}, written to ${out}`);
    return 0;
  } finally {
    db.close();
  }
}

export const snapshotSpec: CommandSpec = {
  name: 'snapshot',
  summary: "export a QAN's newest registry snapshot, for another QAN's snapshotFile",
  usage: ['qcos snapshot export --data-dir DIR --out FILE [--json]'],
  description: `Reads the newest snapshot a QAN stored in its data directory (its qan.db; the QAN may be
running) and writes it to a file, printing its height and state root.`,
  flags: [
    {
      name: 'data-dir',
      kind: 'string',
      value: 'DIR',
      meaning: "the QAN's data directory (required)",
    },
    {
      name: 'out',
      kind: 'string',
      value: 'FILE',
      meaning: 'where to write the snapshot (required)',
    },
  ],
  talksToQan: false,
  examples: ['qcos snapshot export --data-dir /var/lib/qan --out registry.snapshot'],
  run: snapshotCommand,
};
