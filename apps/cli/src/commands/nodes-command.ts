import type { NodeListView, NodeView, QanApiClient } from '@qcos/qan-api';
import { intFlag, type ParsedArgs } from '../args.js';
import { asCliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { LiveView, renderNodes } from '../devnet/status-view.js';
import { client, print } from './client-commands.js';

const DEFAULT_INTERVAL_MS = 1_000;

function renderList({ height, nodes }: NodeListView): string {
  return `${renderNodes(nodes, Date.now())}\n\nregistry height ${height}, ${nodes.length} nodes`;
}

/** What a change is: every column but the heartbeat's age, which moves on its own. */
function changeKey(nodes: readonly NodeView[]): string {
  return JSON.stringify(
    nodes.map((n) => [
      n.alias,
      n.scope,
      n.status,
      n.reason,
      n.reasonDetail,
      n.avgFidelity.toFixed(4),
      n.eks.ok,
      n.eks.lossReason,
      n.connected,
      n.via,
    ]),
  );
}

/**
 * The end of a watch: SIGINT (Ctrl-C), SIGTERM or the pipe's reader going away. `stopped()`
 * says whether it came; `wait(ms)` sleeps until the next poll, or less when it comes.
 */
function untilStopped(): {
  readonly stopped: () => boolean;
  readonly wait: (ms: number) => Promise<void>;
} {
  let stopped = false;
  let wake = () => {};
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.on('error', stop);
  return {
    stopped: () => stopped,
    wait: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
  };
}

/**
 * Polls the registry and shows each change: on a terminal the table is redrawn in place; on a
 * pipe it is printed again only when it changed (with --json, one line per change). The first
 * poll's failure ends the command; later ones are reported once per outage while it retries.
 */
async function watchNodes(api: QanApiClient, json: boolean, intervalMs: number): Promise<number> {
  const view = new LiveView(process.stdout);
  const control = untilStopped();
  let last: string | undefined;
  let failing = false;
  while (!control.stopped()) {
    try {
      const list = await api.listNodes();
      failing = false;
      const key = changeKey(list.nodes);
      if (json && key !== last) print(JSON.stringify(list));
      if (!json) {
        view.draw(renderList(list));
        view.printIfChanged(renderList(list), key);
      }
      last = key;
    } catch (failure) {
      if (last === undefined) throw failure;
      if (!failing)
        process.stderr.write(`qcos: ${(asCliError(failure) as Error).message}; retrying\n`);
      failing = true;
    }
    await control.wait(intervalMs);
  }
  return 0;
}

/** `qcos nodes [--watch [--interval-ms N]] [--json]` */
export async function nodesCommand(args: ParsedArgs): Promise<number> {
  const api = client(args, 'reader');
  const json = args.flags['json'] === true;
  if (args.flags['watch'] === true)
    return watchNodes(api, json, intFlag(args, 'interval-ms', DEFAULT_INTERVAL_MS, 100, 60_000));
  const list = await api.listNodes();
  print(json ? JSON.stringify({ height: list.height, nodes: list.nodes }) : renderList(list));
  return 0;
}

export const nodesSpec: CommandSpec = {
  name: 'nodes',
  summary: 'the registry as the QAN sees it',
  usage: ['qcos nodes [--json]', 'qcos nodes --watch [--interval-ms N] [--json]'],
  description: `Lists the registry's nodes: status and reason, fidelity, EKS, last heartbeat, link.
With --watch it keeps polling and shows every change: redrawn in place on a terminal, printed
again only when something changed on a pipe, one JSON line per change with --json. Ctrl-C ends
it (exit 0). Uses the credentials' reader token.`,
  flags: [
    { name: 'watch', kind: 'boolean', meaning: 'keep showing the registry as it changes' },
    {
      name: 'interval-ms',
      kind: 'integer',
      value: 'N',
      min: 100,
      max: 60_000,
      default: String(DEFAULT_INTERVAL_MS),
      meaning: 'how often --watch polls the QAN',
    },
  ],
  talksToQan: true,
  examples: ['qcos nodes --context devnet', 'qcos nodes --watch --json | jq .nodes[0].status'],
  run: nodesCommand,
};
