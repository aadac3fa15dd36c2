import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EtcdProcessError, findEtcd, startEtcdCluster } from '../src/index.js';

function processError(fn: () => unknown): EtcdProcessError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EtcdProcessError);
    return error as EtcdProcessError;
  }
  throw new Error('expected an EtcdProcessError');
}

/** True while a process with this PID exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the process is gone within 100 looks, 50 ms apart (SIGKILL is delivered, not awaited). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

describe('local etcd processes', () => {
  it('die with the process that started them, even when it exits without stopping them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etcd-orphan-'));
    try {
      const script = fileURLToPath(new URL('fixtures/start-and-exit.ts', import.meta.url));
      const out = execFileSync(process.execPath, ['--import', 'tsx', script, dir], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        encoding: 'utf8',
      });
      const pid = Number(out.trim());
      expect(Number.isSafeInteger(pid) && pid > 0).toBe(true);
      expect(await gone(pid)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('say how to install etcd when there is none at the path', async () => {
    const e = processError(() => findEtcd('/nonexistent/etcd'));
    expect(e.code).toBe('ETCD_NOT_INSTALLED');
    expect(e.details).toEqual({ path: '/nonexistent/etcd' });
    expect(e.message).toBe(
      'etcd is not installed at /nonexistent/etcd: install it with `apt-get install etcd-server` (Debian, Ubuntu) or set QCOS_ETCD to its path',
    );
    await expect(
      startEtcdCluster({ dir: tmpdir(), binary: '/nonexistent/etcd' }),
    ).rejects.toMatchObject({
      code: 'ETCD_NOT_INSTALLED',
    });
  });

  it('take the path from QCOS_ETCD when none is given', () => {
    const saved = process.env.QCOS_ETCD;
    process.env.QCOS_ETCD = '/nonexistent/from-env';
    try {
      expect(processError(() => findEtcd()).details).toEqual({ path: '/nonexistent/from-env' });
    } finally {
      if (saved === undefined) delete process.env.QCOS_ETCD;
      else process.env.QCOS_ETCD = saved;
    }
  });

  it('report a member that exits at start as ETCD_START_FAILED naming it and its log', async () => {
    // `/bin/false` exits at once, whatever its arguments.
    const dir = mkdtempSync(join(tmpdir(), 'etcd-false-'));
    try {
      const error = await startEtcdCluster({ dir, size: 1, binary: '/bin/false' }).catch((e) => e);
      expect(error).toBeInstanceOf(EtcdProcessError);
      expect(error.code).toBe('ETCD_START_FAILED');
      expect(error.details.member).toBe('etcd-1');
      expect(error.message).toBe(`etcd member etcd-1 exited (log: ${dir}/etcd-1.log)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
