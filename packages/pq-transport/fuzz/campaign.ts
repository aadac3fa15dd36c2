/**
 * Adversarial campaign against the transport (docs/security.md, "Adversarial figures"):
 *
 *   pnpm --filter @qcos/pq-transport fuzz [--quick] [--json] [--out file.json] [--workers N] [--stride N]
 *
 * Every single-bit flip of every pqIK and pqXX handshake message (fed to a receiver rebuilt to
 * the state just before that message), message 1 under load through the cookie guard, the cookie
 * reply, every truncation and 1..64-byte extension of each message, seeded random junk, every
 * bit flip / truncation / extension of stream and datagram records (data of 0..16 384 bytes, key
 * update, close), and WireGuard-style replay cases. Deterministic: fixed identities, clock and
 * seeds (fuzz/world.ts). Prints a markdown table (or JSON with --json) of outcomes by error
 * code. Exit code 1 if anything was accepted that no documented rule allows, an error was not a
 * TransportError, or a rejected input changed the receiver's state.
 *
 * --quick samples every 997th bit (plus the type byte and mac2), a few extensions and junk
 * inputs; --stride N flips every N-th bit instead of every bit.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { forbidden, merge, type Row, sum } from './tally.js';
import {
  FULL,
  failures,
  type Plan,
  planTasks,
  QUICK,
  runCampaign,
  runTask,
  type Task,
} from './tasks.js';

export interface CampaignResult {
  readonly mode: 'full' | 'quick';
  readonly plan: Plan;
  readonly rows: Row[];
  readonly elapsedMs: number;
  readonly workers: number;
  readonly node: string;
  readonly cpu: string;
}

async function runParallel(plan: Plan, workers: number): Promise<Row[]> {
  const tasks = planTasks(plan);
  // Biggest tasks first so the last ones to finish are short.
  const queue = tasks.map((t, i) => ({ t, i }));
  const results: Row[][] = new Array(tasks.length);
  await Promise.all(
    Array.from({ length: workers }, () => {
      const w = new Worker(new URL('./worker.mjs', import.meta.url), {
        workerData: { pqTransportCampaign: true },
      });
      return new Promise<void>((resolve, reject) => {
        let current = -1;
        const next = () => {
          const job = queue.shift();
          if (job === undefined) {
            void w.terminate().then(() => resolve());
            return;
          }
          current = job.i;
          w.postMessage(job.t);
        };
        w.on('message', (rows: Row[]) => {
          results[current] = rows;
          next();
        });
        w.on('error', reject);
        next();
      });
    }),
  );
  const rows = new Map<string, Row>();
  for (const r of results) merge(rows, r);
  return [...rows.values()];
}

const fmt = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
const codes = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join('; ') || '—';

export function markdown(res: CampaignResult): string {
  const lines = [
    `Adversarial campaign (${res.mode}${res.plan.stride > 1 ? `, every ${res.plan.stride}th bit` : ', every bit'}), ` +
      `${res.workers} worker(s), node ${res.node}, ${res.cpu}`,
    '',
    '| input | tried | rejected (by code) | accepted | state changed |',
    '| --- | --: | --- | --- | --: |',
  ];
  const replays = res.rows.filter((r) => r.expected !== undefined);
  for (const r of res.rows.filter((x) => x.expected === undefined)) {
    lines.push(
      `| ${r.id} | ${fmt(r.tried)} | ${fmt(sum(r.rejected))}: ${codes(r.rejected)} | ${fmt(sum(r.accepted))}${sum(r.accepted) ? `: ${codes(r.accepted)}` : ''} | ${fmt(r.stateChanged)} |`,
    );
  }
  lines.push('', '| replay case | expected | observed | |', '| --- | --- | --- | --- |');
  for (const r of replays) {
    const ok = r.observed === r.expected ? 'as expected' : 'MISMATCH';
    lines.push(`| ${r.id.replace(/^replay: /, '')} | ${r.expected} | ${r.observed} | ${ok} |`);
  }
  const tried = res.rows.reduce((n, r) => n + r.tried, 0);
  const secs = res.elapsedMs / 1000;
  lines.push(
    '',
    `${fmt(tried)} inputs in ${secs.toFixed(1)} s (${fmt(Math.round(tried / secs))} inputs/s).`,
  );
  const bad = res.rows.filter((r) => r.findingCount > 0 || forbidden(r) > 0);
  if (bad.length === 0)
    lines.push('No finding: nothing accepted that must not be, every error typed.');
  for (const r of bad) lines.push(`FINDING in ${r.id}:`, ...r.findings.map((f) => `  - ${f}`));
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : Number(args[i + 1]);
  };
  const quick = args.includes('--quick');
  const stride = opt('--stride');
  const base = quick ? QUICK : FULL;
  const plan: Plan =
    stride === undefined
      ? base
      : { ...base, stride, chunk: Math.max(64, Math.floor(FULL.chunk / stride)) };
  const workers = opt('--workers') ?? (quick ? 1 : Math.min(2, availableParallelism()));
  const t0 = performance.now();
  const rows = workers <= 1 ? runCampaign(plan) : await runParallel(plan, workers);
  const res: CampaignResult = {
    mode: quick ? 'quick' : 'full',
    plan,
    rows,
    elapsedMs: performance.now() - t0,
    workers,
    node: process.version,
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'} × ${availableParallelism()}`,
  };
  console.log(args.includes('--json') ? JSON.stringify(res, null, 2) : markdown(res));
  const out = args.indexOf('--out');
  if (out >= 0) writeFileSync(args[out + 1] as string, `${JSON.stringify(res, null, 2)}\n`);
  if (failures(rows) > 0) process.exitCode = 1;
}

if (
  !isMainThread &&
  (workerData as { pqTransportCampaign?: boolean } | null)?.pqTransportCampaign
) {
  parentPort?.on('message', (t: Task) => parentPort?.postMessage(runTask(t)));
} else if (isMainThread && process.argv[1]?.endsWith('campaign.ts')) {
  await main();
}
