import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPS, CLI, runDevnet } from './run-devnet.js';

describe('qcos devnet --cluster (three etcd members and three QAN processes on 127.0.0.1)', () => {
  it('runs the cluster scenario: one root, quarantine everywhere, re-route, QAN and etcd crashes', async () => {
    for (const path of [CLI, ...APPS])
      expect(existsSync(path), `${path} (build the apps first)`).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'qcos-cluster-test-'));
    const { code, summary, stderr } = await runDevnet(dataDir, ['--cluster']);
    expect(summary, stderr).toBeDefined();
    const detail = (prefix: string) => {
      const step = summary!.steps.find((s) => s.step.startsWith(prefix));
      // A scenario stops at its first failed step: name it, so a failure says where it began.
      const ran = summary!.steps.map((s) => `${s.ok ? 'ok' : 'FAILED'} ${s.step}: ${s.detail}`);
      expect(step, `step "${prefix}" ran; the steps that ran:\n${ran.join('\n')}`).toBeDefined();
      expect(step!.ok, `${step!.step}: ${step!.detail}`).toBe(true);
      return step!.detail;
    };
    expect(detail('all four nodes register')).toBe(
      'rigel@QAN-2, sirius@QAN-1, vega@relay→QAN-3, altair@QAN-3',
    );
    expect(detail('every QAN folds the same blocks')).toMatch(
      /^3 QANs, heads (\d+)–\d+, root at \1 [0-9a-f]{16}… on all$/,
    );
    expect(detail('eavesdropper on rigel')).toBe('rigel QUARANTINE on QAN-1, QAN-2, QAN-3');
    expect(detail('job for rigel submitted to QAN-1')).toBe(
      'QAN-1: soft-reject (EKS_LOSS) → re-routed SAME_SCOPE to sirius, completed',
    );
    expect(detail('jobs submitted to QAN-1 and QAN-2')).toBe(
      'altair: QAN-1 → QAN-3 → altair; vega: QAN-2 → QAN-3 → relay → vega; both completed',
    );
    expect(detail('after the failover, a job for altair')).toBe(
      'altair: QAN-2 → QAN-1 → altair, completed',
    );
    // The contract steps: requests raced at QAN-1 and QAN-2 (log order decides), links run by
    // QAN-3, a window whose participants report to QAN-1 and QAN-3.
    expect(detail('two concurrent requests for the same slots')).toMatch(
      /^contract (\d+) RESERVED \(sirius slots 0, 1\); contract \d+ REJECTED SLOT_CONFLICT with \1 at sirius; \1 then RELEASED CANCELLED$/,
    );
    expect(detail('distributed CHSH test between altair and vega')).toMatch(
      /^S = 2\.\d{3} ± 0\.0\d{2} over 10000 pairs \(expected 2√2·\(4F − 1\)\/3 = 2\.\d{3} at F = 0\.\d{4}; [0-4]\.\d σ off\)$/,
    );
    expect(detail('teleportation from altair to vega')).toMatch(
      /^fidelity 0\.\d{4} ± 0\.00\d{2} over 10000 pairs \(expected \(2F \+ 1\)\/3 = 0\.\d{4} at F = 0\.\d{4}; [0-4]\.\d σ off\)$/,
    );
    expect(detail('coherence window across sirius, altair, vega')).toMatch(
      /^contract \d+ ACTIVE at L \d+, logged ACTIVE on each \(phase error sirius \d+ mrad, altair \d+ mrad, vega \d+ mrad\)$/,
    );
    expect(detail('sirius killed mid-window')).toMatch(
      /^contract \d+ REVOKED \(SESSION_LOST at sirius\); altair and vega TERMINATED; no participant holds it; sirius back ACTIVE$/,
    );
    expect(detail('QAN-3 killed')).toBe(
      'vega and altair ACTIVE, heartbeats now sealed by QAN-1, no HEARTBEAT_TIMEOUT verdict',
    );
    const etcd = /^etcd-3 killed; heads (\d+)\/(\d+) → (\d+)\/(\d+)$/.exec(
      detail('one etcd member killed'),
    );
    expect(etcd).not.toBeNull();
    const [before1, before2, after1, after2] = etcd!.slice(1).map(Number) as number[];
    expect(Math.min(after1!, after2!)).toBeGreaterThanOrEqual(Math.max(before1!, before2!) + 5);
    expect(detail('eavesdropper removed')).toBe('rigel ACTIVE on QAN-1, QAN-2');
    expect(detail('QAN-3 restarted')).toMatch(
      /^3 QANs, heads (\d+)–\d+, root at \1 [0-9a-f]{16}… on all$/,
    );
    expect(summary!.steps).toHaveLength(15);
    expect(summary!.ok).toBe(true);
    expect(code).toBe(0);
    // Each QAN has its own config (its seed, this run's etcd ports), owner-only.
    const configs = readdirSync(dataDir).filter((f) => /^qan-\d\.config\.json$/.test(f));
    expect(configs.sort()).toEqual(['qan-1.config.json', 'qan-2.config.json', 'qan-3.config.json']);
    for (const f of configs) expect(statSync(join(dataDir, f)).mode & 0o777, f).toBe(0o600);
    rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);

  it('without etcd it refuses to start and says how to install it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qcos-cluster-test-'));
    const missing = join(dataDir, 'no-etcd-here');
    const { code, out } = await runDevnet(dataDir, ['--cluster'], {
      ...process.env,
      QCOS_ETCD: missing,
    });
    expect(code).toBe(1);
    const error = JSON.parse(out.trim()) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('ETCD_NOT_INSTALLED');
    expect(error.error.message).toContain(missing);
    expect(error.error.message).toContain('apt-get install etcd-server');
    // Nothing was started: no QAN config, no etcd data.
    expect(readdirSync(dataDir)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
