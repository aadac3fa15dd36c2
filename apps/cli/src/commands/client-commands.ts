import { readFileSync } from 'node:fs';
import {
  createQanApiClient,
  type Etsi014Status,
  type QanApiClient,
  type ResolveView,
} from '@qcos/qan-api';
import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import { renderNodes } from '../devnet/status-view.js';
import { waitFor } from '../devnet/wait.js';
import { renderTable } from '../table.js';

/** The QAN to talk to: --qan URL, else $QCOS_QAN_URL, else the default local port. */
export function client(args: ParsedArgs): QanApiClient {
  const url = stringFlag(args, 'qan') ?? process.env['QCOS_QAN_URL'] ?? 'http://127.0.0.1:8400';
  return createQanApiClient(url.replace(/\/+$/, ''));
}

export const print = (text: string) => process.stdout.write(`${text}\n`);

function describeDecision(d: ResolveView['decision']): string {
  switch (d.outcome) {
    case 'deliver':
      return `deliver → ${d.alias} (${d.address})`;
    case 'soft-reject':
      return d.reroutedTo === undefined
        ? `soft-reject: ${d.requested} is ${d.reason}; not re-routed`
        : `soft-reject: ${d.requested} is ${d.reason}; re-routed (${d.rerouteStage}) → ${d.reroutedTo} (${d.address})`;
    case 'reject':
      return `reject: ${d.reason}${d.requested === undefined ? '' : ` (${d.requested})`}`;
  }
}

/** `qcos nodes [--json]` */
export async function nodesCommand(args: ParsedArgs): Promise<number> {
  const { height, nodes } = await client(args).listNodes();
  if (args.flags['json'] === true) print(JSON.stringify({ height, nodes }));
  else
    print(`${renderNodes(nodes, Date.now())}\n\nregistry height ${height}, ${nodes.length} nodes`);
  return 0;
}

/** `qcos resolve <q-uri> [--json]` */
export async function resolveCommand(args: ParsedArgs): Promise<number> {
  const uri = args.positional[0];
  if (uri === undefined) throw new CliError('USAGE', 'usage: qcos resolve <q-uri>');
  const view = await client(args).resolve({ body: { uri } });
  if (args.flags['json'] === true) print(JSON.stringify(view));
  else print(`${view.uri}\n  ${describeDecision(view.decision)}`);
  return view.decision.alias === undefined ? 3 : 0;
}

/** `qcos submit <q-uri> <file.qasm> [--json] [--timeout-ms N]`: submits and waits for the result. */
export async function submitCommand(args: ParsedArgs): Promise<number> {
  const [uri, file] = args.positional;
  if (uri === undefined || file === undefined)
    throw new CliError('USAGE', 'usage: qcos submit <q-uri> <file.qasm>');
  let program: string;
  try {
    program = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError('FILE_UNREADABLE', `cannot read ${file}: ${String(error)}`);
  }
  const api = client(args);
  const json = args.flags['json'] === true;
  const job = await api.submitJob({ body: { uri, program } });
  if (!json) print(`job ${job.jobId}: ${describeDecision(job.decision)}`);
  const timeoutMs = Number(stringFlag(args, 'timeout-ms') ?? 60_000);
  let dots = 0;
  const done =
    job.status !== 'dispatched'
      ? job
      : await waitFor(
          `job ${job.jobId}`,
          async () => {
            const j = await api.getJob({ params: { jobId: job.jobId } });
            if (j.status === 'dispatched' && !json && process.stderr.isTTY)
              process.stderr.write(dots++ % 10 === 0 ? '.' : '');
            return j.status === 'dispatched' ? undefined : j;
          },
          timeoutMs,
          100,
        );
  if (json) {
    print(JSON.stringify(done));
  } else if (done.result !== undefined) {
    const counts = Object.entries(done.result.counts).sort((a, b) => b[1] - a[1]);
    print(`\ncompleted on ${done.result.executedBy}, ${done.result.shots} shots`);
    print(
      renderTable(
        ['OUTCOME', 'COUNT', 'SHARE'],
        counts.map(([k, v]) => [k, String(v), (v / done.result!.shots).toFixed(4)]),
      ),
    );
  } else {
    print(`\n${done.status}: ${done.error?.code ?? ''} ${done.error?.message ?? ''}`);
  }
  return done.status === 'completed' ? 0 : 4;
}

/** `qcos keys status [SAE_ID] [--json]`: ETSI GS QKD 014 pool status for one or every DQN. */
export async function keysCommand(args: ParsedArgs): Promise<number> {
  if (args.positional[0] !== 'status')
    throw new CliError('USAGE', 'usage: qcos keys status [SAE_ID]');
  const api = client(args);
  const aliases =
    args.positional[1] !== undefined
      ? [args.positional[1]]
      : (await api.listNodes()).nodes.map((n) => n.alias);
  const rows: Etsi014Status[] = [];
  for (const alias of aliases) rows.push(await api.keyStatus({ params: { SAE_ID: alias } }));
  if (args.flags['json'] === true) print(JSON.stringify(rows));
  else
    print(
      renderTable(
        ['SAE', 'KME', 'STORED KEYS', 'KEY SIZE', 'MAX KEYS'],
        rows.map((r) => [
          r.target_KME_ID,
          r.source_KME_ID,
          String(r.stored_key_count),
          `${r.key_size} bit`,
          String(r.max_key_count),
        ]),
      ),
    );
  return 0;
}
