import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error.js';

/** A child service process and the ports from its `{"event":"ready",…}` line. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly ready: Readonly<Record<string, unknown>>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (a crash, as far as the network can tell). */
  kill(): Promise<void>;
}

export interface SpawnServiceOptions {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  /** stderr (the service's logs) is appended here. */
  readonly logFile: string;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts `node <script> <args>` and waits for the JSON ready line on its stdout. Fails with
 * PROCESS_NOT_READY (and kills the child) if it exits or stays silent too long.
 */
export function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [options.script, ...options.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new CliError(
          'PROCESS_NOT_READY',
          `${options.name} did not report ready; see ${options.logFile}`,
        ),
      );
    }, options.readyTimeoutMs ?? 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new CliError(
          'PROCESS_FAILED',
          `${options.name} exited with ${code}; see ${options.logFile}`,
        ),
      );
    });
    lines.on('line', (line) => {
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null || (msg as { event?: unknown }).event !== 'ready')
        return;
      clearTimeout(timer);
      const kill = async (signal: NodeJS.Signals, graceMs: number) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
      };
      resolve({
        name: options.name,
        child,
        ready: msg as Record<string, unknown>,
        exited,
        stop: (graceMs = 3_000) => kill('SIGTERM', graceMs),
        kill: () => kill('SIGKILL', 0),
      });
    });
  });
}

/** Reads `key` of a ready line as a TCP port. */
export function readyPort(service: ServiceProcess, key: string): number {
  const v = service.ready[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > 65535) {
    throw new CliError('PROCESS_FAILED', `${service.name} ready line has no valid "${key}" port`, {
      ready: service.ready,
    });
  }
  return v;
}
