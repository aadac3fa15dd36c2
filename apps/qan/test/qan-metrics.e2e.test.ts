import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EKS_LINK, eksWireLinkOf } from '@qcos/eks-qkd-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promtoolCheckMetrics, typedMetricNames } from '../../dqn-agent/test/support/promtool.js';
import { modelledQber } from '../src/keys/qkd-link-stats.js';
import { authedFetch } from './api-auth-fixture.js';
import {
  connectNode,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  type TestNode,
  until,
} from './harness.js';
import { metricNamesOfPromQl } from './promql-names.js';

const rigel: TestNode = { alias: 'rigel', scope: 'eu-west', seed: seed(21) };
const DASHBOARD = fileURLToPath(
  new URL('../../../docs/grafana/qcos-network.json', import.meta.url),
);

/** One sample line of an exposition: `name{labels} value`. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

function samples(exposition: string): Sample[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([^{\s]+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g))
        labels[k as string] = v as string;
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

function series(exposition: string, name: string, labels: Record<string, string> = {}): Sample[] {
  return samples(exposition).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

describe('the QAN /metrics with a node registered', () => {
  let qan: QanProcess;
  let node: Awaited<ReturnType<typeof connectNode>>;
  let beating: ReturnType<typeof setInterval> | undefined;
  let lastRoundKeys = 0;
  const scrape = async () => {
    const res = await authedFetch(`${qan.http}/metrics`, {}, 'reader');
    if (res.status !== 200) throw new Error(`/metrics: HTTP ${res.status}`);
    return res.text();
  };

  beforeAll(async () => {
    requireBuilt();
    // A long heartbeat timeout: the node's status moves only with its heartbeats here.
    const dir = mkdtempSync(join(tmpdir(), 'qan-metrics-'));
    qan = await startQan(qanConfig(dir, [rigel], { heartbeatTimeoutMs: 60_000 }), dir);
    node = await connectNode(qan.transport, rigel);
    node.heartbeat();
    // Registered, in PROBATION until the policy's good heartbeats: scrape that first.
    await until(async () =>
      series(await scrape(), 'qcos_qan_node_status', { alias: 'rigel' }).length === 1
        ? true
        : undefined,
    );
  }, 60_000);

  afterAll(async () => {
    if (beating !== undefined) clearInterval(beating);
    await node?.close().catch(() => {});
    await qan?.stop();
  });

  it('serves the process metrics prefixed once, and every metric under qcos_qan_', async () => {
    const names = typedMetricNames(await scrape());
    expect(names).toContain('qcos_qan_process_cpu_seconds_total');
    expect(names).toContain('qcos_qan_process_resident_memory_bytes');
    expect(names.filter((n) => n.includes('process_process'))).toEqual([]);
    expect(names.filter((n) => !n.startsWith('qcos_qan_'))).toEqual([]);
  });

  it('serves one status series per node, replaced when its status changes', async () => {
    const probation = series(await scrape(), 'qcos_qan_node_status', { alias: 'rigel' });
    expect(probation).toEqual([
      {
        name: 'qcos_qan_node_status',
        labels: { alias: 'rigel', scope: 'eu-west', status: 'QUARANTINE', reason: 'PROBATION' },
        value: 1,
      },
    ]);
    // The policy's good heartbeats (3 in the harness config) take the node to ACTIVE.
    beating = setInterval(() => node.heartbeat(), 150);
    const active = await until(async () => {
      const now = series(await scrape(), 'qcos_qan_node_status', { alias: 'rigel' });
      return now[0]?.labels['status'] === 'ACTIVE' ? now : undefined;
    });
    expect(active).toEqual([
      {
        name: 'qcos_qan_node_status',
        labels: { alias: 'rigel', scope: 'eu-west', status: 'ACTIVE', reason: 'none' },
        value: 1,
      },
    ]);
    const text = await scrape();
    expect(series(text, 'qcos_qan_quarantines_total', { reason: 'PROBATION' })[0]?.value).toBe(1);
    const age = series(text, 'qcos_qan_node_heartbeat_age_seconds', { alias: 'rigel' });
    expect(age).toHaveLength(1);
    expect(age[0]?.value).toBeGreaterThanOrEqual(0);
    expect(age[0]?.value).toBeLessThan(60);
  });

  it('serves the QKD link of the node: modelled QBER, measured key rate, link up, pool keys', async () => {
    node.eksSync(0);
    // The second round once the first is recorded: the key rate is over the time between them.
    await until(async () =>
      series(await scrape(), 'qcos_qan_qkd_link_up', { alias: 'rigel' }).length === 1
        ? true
        : undefined,
    );
    lastRoundKeys = node.eksSync(1).length;
    const text = await until(async () => {
      const t = await scrape();
      return series(t, 'qcos_qan_qkd_secret_key_rate_bps', { alias: 'rigel' })[0]?.value
        ? t
        : undefined;
    });
    const link = eksWireLinkOf(DEFAULT_EKS_LINK);
    const qber = modelledQber({
      status: { state: 'stable', lastSyncMs: 0, keyBitsAvailable: 0 },
      keyIds: [],
      round: 0,
      link,
    });
    expect(series(text, 'qcos_qan_qkd_qber', { alias: 'rigel' })[0]?.value).toBeCloseTo(qber, 9);
    expect(series(text, 'qcos_qan_qkd_link_up', { alias: 'rigel' })[0]?.value).toBe(1);
    // Every key_ID of round 1 is new since round 0: a rate above zero, measured.
    expect(
      series(text, 'qcos_qan_qkd_secret_key_rate_bps', { alias: 'rigel' })[0]?.value,
    ).toBeGreaterThan(0);
    // The pool holds what the last round announced (distilled on the first key request).
    expect(lastRoundKeys).toBeGreaterThan(0);
    expect(series(text, 'qcos_qan_key_pool_keys', { alias: 'rigel' })[0]?.value).toBe(
      lastRoundKeys,
    );
  });

  it('labels HTTP requests by route pattern, never by the raw URL', async () => {
    await authedFetch(`${qan.http}/api/v1/nodes/rigel`, {}, 'reader');
    await authedFetch(`${qan.http}/api/v1/nodes/no-such-node-zulu`, {}, 'reader');
    await authedFetch(`${qan.http}/no/such/route/yankee`, {}, 'reader');
    const text = await until(async () => {
      const t = await scrape();
      return series(t, 'qcos_qan_http_requests_total', { route: 'unmatched' }).length > 0
        ? t
        : undefined;
    });
    const byNode = { method: 'GET', route: '/api/v1/nodes/:alias' };
    expect(series(text, 'qcos_qan_http_requests_total', { ...byNode, status: '200' })).toHaveLength(
      1,
    );
    expect(series(text, 'qcos_qan_http_requests_total', { ...byNode, status: '404' })).toHaveLength(
      1,
    );
    expect(
      series(text, 'qcos_qan_http_requests_total', { route: 'unmatched', status: '404' })[0]?.value,
    ).toBe(1);
    expect(
      series(text, 'qcos_qan_http_request_duration_seconds_count', byNode)[0]?.value,
    ).toBeGreaterThanOrEqual(2);
    // Raw paths never become label values; the probes are words so that no gauge value can
    // contain them by chance.
    expect(text).not.toContain('zulu');
    expect(text).not.toContain('yankee');
  });

  it('times the block log append of each committed block apart from the whole seal', async () => {
    const text = await scrape();
    const commits = series(text, 'qcos_qan_block_commit_seconds_count')[0]?.value ?? 0;
    const seals = series(text, 'qcos_qan_block_seal_seconds_count')[0]?.value ?? 0;
    expect(commits).toBeGreaterThan(0);
    // Every seal that committed a block appended it once; a seal lost to a race appends none.
    expect(commits).toBeGreaterThanOrEqual(seals);
  });

  it('passes promtool check metrics', async () => {
    expect(promtoolCheckMetrics(await scrape())).toEqual({ status: 0, problems: '' });
  });

  it('has every metric the Grafana dashboard queries', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { title: string; type: string; targets?: { expr: string }[] }[];
      templating: { list: { type: string; definition?: string }[] };
    };
    // The variables' label_values(metric, label) queries read metrics too.
    const variables = dashboard.templating.list
      .flatMap((v) => (v.type === 'query' && v.definition !== undefined ? [v.definition] : []))
      .map((d) => d.replace(/^label_values\((.*),\s*\w+\)$/, '$1'));
    expect(variables).toEqual(['qcos_qan_block_height']);
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...variables,
    ];
    const charted = dashboard.panels.filter((p) => p.type !== 'row');
    expect(charted.every((p) => (p.targets ?? []).length > 0)).toBe(true);
    const queried = new Set(exprs.flatMap((e) => metricNamesOfPromQl(e)));
    const served = new Set(typedMetricNames(await scrape()));
    expect(queried.size).toBeGreaterThanOrEqual(15);
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
  });
});
