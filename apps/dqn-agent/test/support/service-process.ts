import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/** A service process started from its TypeScript entry, with its stderr (the log) collected. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  log(): string;
}

/**
 * Spawns `node --import tsx <entry> ...args` from the repository root. Secrets (seeds) go in
 * `env`, as QCOS_ variables: the services refuse them as flags.
 */
export function spawnService(
  entry: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  return { child, log: () => log };
}

/** The first stdout line of a service, its `{"event":"ready",...}` announcement, parsed. */
export async function readyLine<Ready = Record<string, number>>(
  child: ChildProcess,
): Promise<Ready> {
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  return JSON.parse(out.split('\n')[0]!) as Ready;
}
