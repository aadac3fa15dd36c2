import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The service bundles the devnet starts. */
export const APPS = ['qan', 'relay', 'dqn-agent'].map((app) =>
  fileURLToPath(new URL(`../../${app}/dist/index.js`, import.meta.url)),
);

export interface Summary {
  ok: boolean;
  relay: boolean;
  relayProblem?: string;
  steps: { step: string; ok: boolean; detail: string }[];
  nodes: { alias: string; status: string; reason: string | null }[];
}

/** Short test timings: a heartbeat every 250 ms, a timeout of 3 s. */
export const TEST_TIMINGS = [
  '--heartbeat-interval-ms',
  '250',
  '--heartbeat-timeout-ms',
  '3000',
  '--hysteresis',
  '3',
  '--eks-interval-ms',
  '1500',
];

/**
 * Runs `qcos devnet --json` with short test timings (and `extraArgs`); resolves with its exit
 * code, its JSON summary line (or error line) and its stderr.
 */
export function runDevnet(
  dataDir: string,
  extraArgs: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; summary: Summary | undefined; out: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, 'devnet', '--json', '--data-dir', dataDir, ...TEST_TIMINGS, ...extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve({
        code,
        summary: line === undefined ? undefined : (JSON.parse(line) as Summary),
        out,
        stderr,
      });
    });
  });
}
