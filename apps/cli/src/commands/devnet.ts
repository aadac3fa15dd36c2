import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { EtcdProcessError, findEtcd } from '@qcos/etcd-store';
import type { NodeView, QanApiClient } from '@qcos/qan-api';
import { intFlag, type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { clusterScenarioSteps } from '../devnet/cluster-scenario.js';
import { DevnetNetwork } from '../devnet/network.js';
import { runScenario, type StepResult, scenarioSteps } from '../devnet/scenario.js';
import { LiveView, renderNodes, renderSteps } from '../devnet/status-view.js';
import {
  createClusterTopology,
  createTopology,
  DEFAULT_TIMINGS,
  type DevnetTimings,
} from '../devnet/topology.js';

/**
 * The longest QKD round period the agents and relays accept: a round of the EKS link's 1 MHz
 * source may hold at most 2^22 pulses (eks-qkd-sim's EKS_ROUND_PERIOD_LIMITS_MS).
 */
const MAX_EKS_ROUND_PERIOD_MS = 4_194;

function timingsFrom(args: ParsedArgs): DevnetTimings {
  const d = DEFAULT_TIMINGS;
  return {
    heartbeatIntervalMs: intFlag(args, 'heartbeat-interval-ms', d.heartbeatIntervalMs, 50, 60_000),
    heartbeatTimeoutMs: intFlag(args, 'heartbeat-timeout-ms', d.heartbeatTimeoutMs, 100, 600_000),
    hysteresisHeartbeats: intFlag(args, 'hysteresis', d.hysteresisHeartbeats, 1, 100),
    eksIntervalMs: intFlag(args, 'eks-interval-ms', d.eksIntervalMs, 50, MAX_EKS_ROUND_PERIOD_MS),
  };
}

/** What the live display shows: the registry's nodes, finished steps, the step under way. */
interface Progress {
  nodes: NodeView[];
  results: StepResult[];
  running: string | undefined;
}

/** Redraws the node table and the steps every 500 ms (JSON mode draws nothing). */
function startLiveDisplay(api: QanApiClient, progress: Progress, json: boolean) {
  const view = new LiveView(process.stdout);
  const refresh = async () => {
    try {
      progress.nodes = (await api.listNodes()).nodes;
    } catch {
      return;
    }
    const table = renderNodes(progress.nodes, Date.now());
    if (!json) {
      view.draw(`${table}\n\n${renderSteps(progress.results, progress.running)}`);
      view.printIfChanged(
        table,
        progress.nodes.map((n) => `${n.alias}:${n.status}:${n.reason}`).join(','),
      );
    }
  };
  const ticker = setInterval(() => void refresh(), 500);
  return { view, refresh, stop: () => clearInterval(ticker) };
}

/** Resolves with exit code 130 once SIGINT or SIGTERM arrives and the network is stopped. */
function onInterrupt(stopAll: () => Promise<void>, say: (line: string) => void): Promise<number> {
  return new Promise<number>((resolve) => {
    const onSignal = () => {
      say('\nstopping the devnet …');
      void stopAll().then(() => resolve(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

function printSummary(
  net: DevnetNetwork,
  steps: readonly StepResult[],
  nodes: readonly NodeView[],
  ok: boolean,
  json: boolean,
  say: (line: string) => void,
): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ ok, relay: net.relay !== undefined, relayProblem: net.relayProblem, steps, nodes })}\n`,
    );
    return;
  }
  say('');
  say('Summary');
  say('-------');
  for (const s of steps) say(`${s.ok ? 'PASS' : 'FAIL'}  ${s.step}\n      ${s.detail}`);
  if (net.relay === undefined) say(`note: relay not running (${net.relayProblem ?? 'unknown'})`);
  say(ok ? `\nscenario passed (${steps.length} steps)` : '\nscenario FAILED');
}

/** Lines an operator pastes into another shell to point `qcos` at this devnet. */
function announceExports(net: DevnetNetwork, scenario: string, say: (line: string) => void): void {
  const qan = net.qans[0]?.http;
  const credentials = net.credentials?.contextFile;
  if (qan === undefined || credentials === undefined) return;
  say('In another shell:');
  say(`  export QCOS_QAN_URL=${qan}`);
  say(`  export QCOS_CREDENTIALS=${resolvePath(credentials)}`);
  if (scenario === 'none') say('  then: qcos nodes --watch, qcos fault rigel eavesdropper');
  say('');
}

function announce(net: DevnetNetwork, say: (line: string) => void): void {
  for (const [i, qan] of net.qans.entries())
    say(
      `${net.qanName(i).toUpperCase().padEnd(8)} ${qan?.http ?? '-'}  (dashboard at /ui/, Swagger UI at /docs)`,
    );
  if (net.etcd !== undefined) say(`etcd     ${net.etcd.endpoints.join(' ')}`);
  say(`KME      ${net.kmeUrl ?? 'not running'}  (ETSI GS QKD 014, client certificates)`);
  say(`creds    ${net.credentials?.contextFile ?? '-'}  (qcos nodes --credentials FILE)`);
  say(
    net.relay === undefined
      ? `relay    not running (${net.relayProblem ?? 'unknown'}); us-east nodes connect to the QAN directly`
      : `relay    ${net.topology.relay.name} for ${net.topology.relay.scope} on port ${net.relay.ready['transport']}`,
  );
  say('');
}

/** The cluster devnet needs etcd: without it, say how to install it before anything starts. */
function requireEtcd(): void {
  try {
    findEtcd();
  } catch (error) {
    if (error instanceof EtcdProcessError) throw new CliError(error.code, error.message);
    throw error;
  }
}

/**
 * `qcos devnet`: starts one QAN (three QANs and three etcd members with `--cluster`), one relay
 * and four DQN agents as separate processes, shows the registry live, runs the scenario and
 * prints a summary. Exit 0 iff every scenario step held. `--scenario none` keeps the network up
 * for manual use until Ctrl-C.
 */
export async function devnetCommand(args: ParsedArgs): Promise<number> {
  const scenario = stringFlag(args, 'scenario') ?? 'default';
  if (scenario !== 'default' && scenario !== 'none')
    throw new CliError(
      'USAGE',
      `flag --scenario of "qcos devnet" is default or none, got "${scenario}"`,
      {
        flag: 'scenario',
      },
    );
  const json = args.flags['json'] === true;
  const cluster = args.flags['cluster'] === true;
  if (cluster) requireEtcd();
  const givenDir = stringFlag(args, 'data-dir');
  const dataDir = givenDir ?? mkdtempSync(join(tmpdir(), 'qcos-devnet-'));
  const say = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  const topology = cluster ? createClusterTopology() : createTopology();
  const net = new DevnetNetwork(topology, timingsFrom(args), dataDir, {
    insecureTransport: args.flags['insecure-transport'] === true,
  });
  let display: ReturnType<typeof startLiveDisplay> | undefined;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    display?.stop();
    await net.stop();
    if (givenDir === undefined && args.flags['keep'] !== true)
      rmSync(dataDir, { recursive: true, force: true });
  };
  const interrupted = onInterrupt(stopAll, say);

  say(`qcos devnet — data and logs in ${dataDir}`);
  try {
    await net.start();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const api = net.api!;
  announce(net, say);
  announceExports(net, scenario, say);
  const progress: Progress = { nodes: [], results: [], running: undefined };
  display = startLiveDisplay(api, progress, json);
  if (scenario === 'none') {
    say('network running; Ctrl-C to stop');
    return interrupted;
  }

  const steps = cluster ? clusterScenarioSteps(net) : scenarioSteps(net, api);
  const finished = runScenario(
    steps,
    (result) => {
      progress.results = [...progress.results, result];
      progress.running = undefined;
      if (!display?.view.interactive && !json)
        say(`${result.ok ? '✔' : '✘'} ${result.step} — ${result.detail}`);
    },
    (name) => {
      progress.running = name;
    },
  );
  const outcome = await Promise.race([
    finished.then((r) => ({ kind: 'done' as const, r })),
    interrupted.then((code) => ({ kind: 'stopped' as const, code })),
  ]);
  if (outcome.kind === 'stopped') return outcome.code;
  await display.refresh();
  display.view.release();
  const ok = outcome.r.length === steps.length && outcome.r.every((s) => s.ok);
  printSummary(net, outcome.r, progress.nodes, ok, json, say);
  await stopAll();
  return ok ? 0 : 1;
}

const timing = (name: string, min: number, max: number, fallback: number, meaning: string) => ({
  name,
  kind: 'integer' as const,
  value: 'N',
  min,
  max,
  default: String(fallback),
  meaning,
});

export const devnetSpec: CommandSpec = {
  name: 'devnet',
  summary: 'start a local network (one QAN, one relay, four DQNs) and run the scenario',
  usage: [
    'qcos devnet [--cluster] [--scenario default|none] [--json] [--data-dir DIR] [--keep]',
    '    [--heartbeat-interval-ms N] [--heartbeat-timeout-ms N] [--hysteresis N] [--eks-interval-ms N]',
  ],
  description: `Starts one QAN, one relay and four DQN agents as processes on 127.0.0.1, shows the registry
live, runs the scenario and prints a summary (exit 0 iff every step held). With --cluster: three
etcd members (Debian's etcd-server) and three QANs sharing one registry. With --scenario none the
network stays up until Ctrl-C. Once it is up it prints the export lines that point qcos at it
($QCOS_QAN_URL, $QCOS_CREDENTIALS); the credentials context also lists each agent's control
endpoint, for qcos fault.`,
  flags: [
    { name: 'cluster', kind: 'boolean', meaning: 'three etcd members and three QANs' },
    {
      name: 'scenario',
      kind: 'string',
      value: 'default|none',
      default: 'default',
      meaning: 'the scenario to run; none keeps the network up',
    },
    {
      name: 'data-dir',
      kind: 'string',
      value: 'DIR',
      meaning: 'data, logs and credentials (default: a fresh temporary directory)',
    },
    { name: 'keep', kind: 'boolean', meaning: 'keep the temporary data directory' },
    {
      name: 'insecure-transport',
      kind: 'boolean',
      meaning: 'no attestation on the transport (tests only)',
    },
    timing(
      'heartbeat-interval-ms',
      50,
      60_000,
      DEFAULT_TIMINGS.heartbeatIntervalMs,
      "the agents' heartbeat interval",
    ),
    timing(
      'heartbeat-timeout-ms',
      100,
      600_000,
      DEFAULT_TIMINGS.heartbeatTimeoutMs,
      'silence after which a node is quarantined',
    ),
    timing(
      'hysteresis',
      1,
      100,
      DEFAULT_TIMINGS.hysteresisHeartbeats,
      'good heartbeats before a node is ACTIVE again',
    ),
    timing(
      'eks-interval-ms',
      50,
      600_000,
      DEFAULT_TIMINGS.eksIntervalMs,
      'how often the agents run a QKD round',
    ),
  ],
  talksToQan: false,
  examples: ['qcos devnet', 'qcos devnet --scenario none --data-dir ./.devnet'],
  run: devnetCommand,
};
