import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPS, CLI, runDevnet } from './run-devnet.js';

describe('qcos devnet (real processes on 127.0.0.1)', () => {
  it('runs the scenario: delivery, EKS loss → quarantine → re-route, timeout → quarantine → recovery', async () => {
    for (const path of [CLI, ...APPS])
      expect(existsSync(path), `${path} (build the apps first)`).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'qcos-devnet-test-'));
    const { code, summary, stderr } = await runDevnet(dataDir);
    expect(summary, stderr).toBeDefined();
    const steps = new Map(summary!.steps.map((s) => [s.step, s]));
    const detail = (prefix: string) => {
      const step = [...steps.values()].find((s) => s.step.startsWith(prefix));
      expect(step, `step "${prefix}" ran`).toBeDefined();
      expect(step!.ok, `${step!.step}: ${step!.detail}`).toBe(true);
      return step!.detail;
    };
    expect(detail('all four nodes register')).toBe('rigel, sirius, vega, altair');
    expect(detail('Bell job for q://rigel')).toMatch(/^deliver → rigel/);
    expect(detail('GHZ job for q://*.us-east')).toMatch(/^deliver → (vega|altair)/);
    expect(detail('eavesdropper on rigel')).toMatch(
      /rigel QUARANTINE \(EKS_LOSS: EAVESDROPPER_DETECTED\)/,
    );
    expect(detail('job for rigel is soft-rejected')).toMatch(
      /soft-reject \(EKS_LOSS\) → re-routed SAME_SCOPE to sirius, completed/,
    );
    expect(detail('vega killed')).toBe('vega QUARANTINE (HEARTBEAT_TIMEOUT)');
    expect(detail('vega restarted')).toMatch(/^vega ACTIVE \([3-9]\d* good heartbeats\)$/);
    expect(detail('eavesdropper removed')).toBe('rigel ACTIVE, EKS ok=true');
    expect(detail('relay’s registry replica')).toMatch(
      /^height [1-9]\d*, root [0-9a-f]{16}…, 4 nodes$/,
    );
    expect(detail('anonymous and unpaired callers are refused')).toBe(
      'job TOKEN_REQUIRED, keys CLIENT_CERTIFICATE_REQUIRED, unpaired SAE SAE_NOT_PAIRED',
    );
    // Over mutual TLS: the master SAE takes the keys, sirius fetches them with its certificate;
    // status counted them before any was distilled.
    expect(detail('ETSI GS QKD 014 over mutual TLS')).toMatch(
      /^2 keys delivered and fetched; a second fetch is KEY_NOT_FOUND; status showed ([2-9]|\d{2,}) keys before$/,
    );
    expect(detail('altair behind the relay')).toMatch(
      /^\d+ keys in altair’s pool; 1 taken by the master SAE and fetched by altair$/,
    );
    expect(detail('operator puts sirius into maintenance')).toMatch(
      /^sirius QUARANTINE \(MAINTENANCE\); block \d+ \(MAINTENANCE, seq 1, signed by [0-9a-f]{16}\)$/,
    );
    expect(detail('operator takes sirius out')).toMatch(
      /^sirius ACTIVE; block \d+ \(MAINTENANCE, seq 2,/,
    );
    expect(detail('operator grants and revokes')).toMatch(
      /: 0\.72 after grant \(block \d+ \(TRUST_EDGE, seq 3, .*0 after revoke \(block \d+ \(TRUST_EDGE, seq 4,/,
    );
    // Log order decides between two requests for the same slots; the winner is then cancelled.
    expect(detail('two concurrent requests for the same slots')).toMatch(
      /^contract (\d+) RESERVED \(rigel slots 0, 1\); contract \d+ REJECTED SLOT_CONFLICT with \1 at rigel; \1 then RELEASED CANCELLED$/,
    );
    // The run's S within 4.5 standard errors of the value at the delivered fidelity.
    expect(detail('distributed CHSH test between rigel and sirius')).toMatch(
      /^S = 2\.\d{3} ± 0\.0\d{2} over 10000 pairs \(expected 2√2·\(4F − 1\)\/3 = 2\.\d{3} at F = 0\.\d{4}; [0-4]\.\d σ off\)$/,
    );
    expect(detail('teleportation from rigel to sirius')).toMatch(
      /^fidelity 0\.\d{4} ± 0\.00\d{2} over 10000 pairs \(expected \(2F \+ 1\)\/3 = 0\.\d{4} at F = 0\.\d{4}; [0-4]\.\d σ off\)$/,
    );
    expect(detail('coherence window across rigel, sirius, vega')).toMatch(
      /^contract (\d+) ACTIVE at L \d+, logged ACTIVE on each \(phase error rigel \d+ mrad, sirius \d+ mrad, vega \d+ mrad\)$/,
    );
    expect(detail('sirius killed mid-window')).toMatch(
      /^contract \d+ REVOKED \(SESSION_LOST at sirius\); rigel and vega TERMINATED; no participant holds it; sirius back ACTIVE$/,
    );
    expect(summary!.nodes.map((n) => [n.alias, n.status]).sort()).toEqual([
      ['altair', 'ACTIVE'],
      ['rigel', 'ACTIVE'],
      ['sirius', 'ACTIVE'],
      ['vega', 'ACTIVE'],
    ]);
    expect(summary!.ok).toBe(true);
    expect(code).toBe(0);
    // Every file holding a seed is owner-only (the services also refuse to read it otherwise).
    const configs = readdirSync(dataDir).filter((f) => f.endsWith('.json'));
    expect(configs.sort()).toEqual([
      'altair.secrets.json',
      'qan.config.json',
      'relay.config.json',
      'rigel.secrets.json',
      'sirius.secrets.json',
      'vega.secrets.json',
    ]);
    for (const f of configs) expect(statSync(join(dataDir, f)).mode & 0o777, f).toBe(0o600);
    // The anchor and operator keys are seed files of their own, owner-only, apart from the QAN's.
    for (const f of ['anchor.seed', 'operator.seed'])
      expect(statSync(join(dataDir, 'keys', f)).mode & 0o777, f).toBe(0o600);
    expect(existsSync(join(dataDir, 'genesis.qgd'))).toBe(true);
    // So is every credential the devnet issued: tokens, their digests, TLS keys.
    const credentials = readdirSync(join(dataDir, 'credentials'));
    expect(credentials).toEqual(
      expect.arrayContaining(['context.json', 'api-credentials.json', 'kme.key']),
    );
    for (const f of credentials)
      expect(statSync(join(dataDir, 'credentials', f)).mode & 0o777, f).toBe(0o600);
    rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);
});
