import { readFileSync } from 'node:fs';
import { createQanApiClient, type QanApiClient, type ResolveView } from '@qcos/qan-api';
import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import type { CliContext, TokenRole } from '../credentials/context.js';
import { resolveCredentials, resolveTarget } from '../credentials/target.js';
import { waitFor } from '../devnet/wait.js';
import { renderTable } from '../table.js';

/** The credentials context in use (see resolveTarget), if any. */
export function cliContext(args: ParsedArgs): (CliContext & { dir: string }) | undefined {
  return resolveCredentials(args);
}

/**
 * The QAN to talk to (see resolveTarget) with a bearer token for `role`: $QCOS_API_TOKEN, else
 * the credentials' token of that role. A token never comes from the command line (any local
 * user can read it there).
 */
export function client(args: ParsedArgs, role: TokenRole): QanApiClient {
  const { url, credentials } = resolveTarget(args);
  const token = process.env['QCOS_API_TOKEN'] ?? credentials?.tokens[role];
  return createQanApiClient(url, token === undefined ? {} : { token });
}

const DEFAULT_SUBMIT_TIMEOUT_MS = 60_000;

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
  const timeoutMs = Number(stringFlag(args, 'timeout-ms') ?? DEFAULT_SUBMIT_TIMEOUT_MS);
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

export const resolveSpec: CommandSpec = {
  name: 'resolve',
  summary: 'where QNH routing would send a job',
  usage: ['qcos resolve <q-uri> [--json]'],
  description:
    "Asks the QAN how it would route a Q-URI: delivered to a node, soft-rejected and re-routed, or\nrejected, with the reason. Exit 3 when no node would take it. Uses the credentials' reader token.",
  flags: [],
  talksToQan: true,
  examples: ["qcos resolve 'q://rigel/run?shots=100'", "qcos resolve 'q://*.eu-west/run' --json"],
  run: resolveCommand,
};

export const submitSpec: CommandSpec = {
  name: 'submit',
  summary: 'submit a job and wait for its counts',
  usage: ['qcos submit <q-uri> [file.qasm] [--timeout-ms N] [--json]'],
  description:
    "Submits a job (a /run job takes the OpenQASM program in the file; a /link job, a run over a\nlink contract, takes none) and waits for its result. Exit 4 when the job did not complete.\nUses the credentials' client token.",
  flags: [
    {
      name: 'timeout-ms',
      kind: 'integer',
      value: 'N',
      min: 1,
      max: 86_400_000,
      default: String(DEFAULT_SUBMIT_TIMEOUT_MS),
      meaning: 'how long to wait for the result',
    },
  ],
  talksToQan: true,
  examples: ["qcos submit 'q://*.eu-west/run?shots=500' bell.qasm"],
  run: submitCommand,
};
