import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeView } from '@qcos/qan-api';
import { intFlag, type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import { DevnetNetwork } from '../devnet/network.js';
import { runScenario, type StepResult, scenarioSteps } from '../devnet/scenario.js';
import { LiveView, renderNodes, renderSteps } from '../devnet/status-view.js';
import { createTopology, DEFAULT_TIMINGS, type DevnetTimings } from '../devnet/topology.js';

/**
 * `qcos devnet`: starts one QAN, one relay and four DQN agents as separate processes, shows the
 * registry live, runs the scenario and prints a summary. Exit 0 iff every scenario step held.
 * `--scenario none` keeps the network up for manual use until Ctrl-C.
 */
export async function devnetCommand(args: ParsedArgs): Promise<number> {
  const scenario = stringFlag(args, 'scenario') ?? 'default';
  if (scenario !== 'default' && scenario !== 'none')
    throw new CliError('USAGE', '--scenario is default or none');
  const json = args.flags['json'] === true;
  const timings: DevnetTimings = {
    heartbeatIntervalMs: intFlag(
      args,
      'heartbeat-interval-ms',
      DEFAULT_TIMINGS.heartbeatIntervalMs,
      50,
      60_000,
    ),
    heartbeatTimeoutMs: intFlag(
      args,
      'heartbeat-timeout-ms',
      DEFAULT_TIMINGS.heartbeatTimeoutMs,
      100,
      600_000,
    ),
    hysteresisHeartbeats: intFlag(args, 'hysteresis', DEFAULT_TIMINGS.hysteresisHeartbeats, 1, 100),
    eksIntervalMs: intFlag(args, 'eks-interval-ms', DEFAULT_TIMINGS.eksIntervalMs, 50, 600_000),
  };
  const givenDir = stringFlag(args, 'data-dir');
  const dataDir = givenDir ?? mkdtempSync(join(tmpdir(), 'qcos-devnet-'));
  const out = process.stdout;
  const say = (line: string) => {
    if (!json) out.write(`${line}\n`);
  };
  const view = new LiveView(out);
  const net = new DevnetNetwork(createTopology(), timings, dataDir, {
    insecureTransport: args.flags['insecure-transport'] === true,
  });

  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    await net.stop();
    if (givenDir === undefined && args.flags['keep'] !== true)
      rmSync(dataDir, { recursive: true, force: true });
  };
  let ticker: NodeJS.Timeout | undefined;
  const interrupted = new Promise<number>((resolve) => {
    const onSignal = () => {
      say('\nstopping the devnet …');
      void stopAll().then(() => resolve(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });

  say(`qcos devnet — data and logs in ${dataDir}`);
  try {
    await net.start();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const api = net.api!;
  say(`QAN API  http://127.0.0.1:${net.qan?.ready['http']}  (Swagger UI at /docs)`);
  say(
    net.relay === undefined
      ? `relay    not running (${net.relayProblem ?? 'unknown'}); us-east nodes connect to the QAN directly`
      : `relay    ${net.topology.relay.name} for ${net.topology.relay.scope} on port ${net.relay.ready['transport']}`,
  );
  say('');

  let nodes: NodeView[] = [];
  let results: StepResult[] = [];
  let running: string | undefined;
  const refresh = async () => {
    try {
      nodes = (await api.listNodes()).nodes;
    } catch {
      return;
    }
    const table = renderNodes(nodes, Date.now());
    if (!json) {
      view.draw(`${table}\n\n${renderSteps(results, running)}`);
      view.printIfChanged(table, nodes.map((n) => `${n.alias}:${n.status}:${n.reason}`).join(','));
    }
  };
  ticker = setInterval(() => void refresh(), 500);

  if (scenario === 'none') {
    say('network running; Ctrl-C to stop');
    return interrupted;
  }

  const finished = runScenario(
    scenarioSteps(net, api),
    (result) => {
      results = [...results, result];
      running = undefined;
      if (!view.interactive && !json)
        say(`${result.ok ? '✔' : '✘'} ${result.step} — ${result.detail}`);
    },
    (name) => {
      running = name;
    },
  );
  const outcome = await Promise.race([
    finished.then((r) => ({ kind: 'done' as const, r })),
    interrupted.then((code) => ({ kind: 'stopped' as const, code })),
  ]);
  if (outcome.kind === 'stopped') return outcome.code;
  await refresh();
  view.release();
  const steps = outcome.r;
  const ok = steps.length === scenarioSteps(net, api).length && steps.every((s) => s.ok);
  if (json) {
    out.write(
      `${JSON.stringify({ ok, relay: net.relay !== undefined, relayProblem: net.relayProblem, steps, nodes })}\n`,
    );
  } else {
    say('');
    say('Summary');
    say('-------');
    for (const s of steps) say(`${s.ok ? 'PASS' : 'FAIL'}  ${s.step}\n      ${s.detail}`);
    if (net.relay === undefined) say(`note: relay not running (${net.relayProblem ?? 'unknown'})`);
    say(ok ? `\nscenario passed (${steps.length} steps)` : '\nscenario FAILED');
  }
  await stopAll();
  return ok ? 0 : 1;
}
