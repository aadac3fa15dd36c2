import { readFileSync } from 'node:fs';
import { createQanApiClient, type QanApiClient, type ResolveView } from '@qcos/qan-api';
import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import {
  type CliContext,
  contextFile,
  readContext,
  type TokenRole,
} from '../credentials/context.js';
import { renderNodes } from '../devnet/status-view.js';
import { waitFor } from '../devnet/wait.js';
import { renderTable } from '../table.js';

/** The credentials context of --credentials / $QCOS_CREDENTIALS / --data-dir, if any. */
export function cliContext(args: ParsedArgs): (CliContext & { dir: string }) | undefined {
  const file = contextFile(stringFlag(args, 'credentials'), stringFlag(args, 'data-dir'));
  return file === undefined ? undefined : readContext(file);
}

/**
 * The QAN to talk to (--qan URL, else $QCOS_QAN_URL, else the context's, else the default local
 * port) with a bearer token for `role`: $QCOS_API_TOKEN, else the context's token of that role.
 * A token never comes from the command line (any local user can read it there).
 */
export function client(args: ParsedArgs, role: TokenRole): QanApiClient {
  const context = cliContext(args);
  const url =
    stringFlag(args, 'qan') ??
    process.env['QCOS_QAN_URL'] ??
    context?.qan ??
    'http://127.0.0.1:8400';
  const token = process.env['QCOS_API_TOKEN'] ?? context?.tokens[role];
  return createQanApiClient(url.replace(/\/+$/, ''), token === undefined ? {} : { token });
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
  const { height, nodes } = await client(args, 'reader').listNodes();
  if (args.flags['json'] === true) print(JSON.stringify({ height, nodes }));
  else
    print(`${renderNodes(nodes, Date.now())}\n\nregistry height ${height}, ${nodes.length} nodes`);
  return 0;
}

/** `qcos resolve <q-uri> [--json]` */
export async function resolveCommand(args: ParsedArgs): Promise<number> {
  const uri = args.positional[0];
  if (uri === undefined) throw new CliError('USAGE', 'usage: qcos resolve <q-uri>');
  const view = await client(args, 'reader').resolve({ body: { uri } });
  if (args.flags['json'] === true) print(JSON.stringify(view));
  else print(`${view.uri}\n  ${describeDecision(view.decision)}`);
  return view.decision.alias === undefined ? 3 : 0;
}

/**
 * `qcos submit <q-uri> [file.qasm] [--json] [--timeout-ms N]`: submits and waits for the result.
 * A /run job takes the program in the file; a /link job (a run over a link contract) takes none.
 */
export async function submitCommand(args: ParsedArgs): Promise<number> {
  const [uri, file] = args.positional;
  if (uri === undefined) throw new CliError('USAGE', 'usage: qcos submit <q-uri> [file.qasm]');
  let program: string | undefined;
  try {
    program = file === undefined ? undefined : readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError('FILE_UNREADABLE', `cannot read ${file}: ${String(error)}`);
  }
  const api = client(args, 'client');
  const json = args.flags['json'] === true;
  const job = await api.submitJob({ body: program === undefined ? { uri } : { uri, program } });
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
  } else if (done.contractRun !== undefined) {
    print(`\ncompleted: ${JSON.stringify(done.contractRun.chsh ?? done.contractRun.teleport)}`);
  } else {
    print(`\n${done.status}: ${done.error?.code ?? ''} ${done.error?.message ?? ''}`);
  }
  return done.status === 'completed' ? 0 : 4;
}
