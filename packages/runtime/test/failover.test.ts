import { describe, expect, it } from 'vitest';
import { failoverConnector } from '../src/index.js';

/** Upstreams that are up or down as `up` says, recording each attempt. */
function upstreams(up: boolean[]) {
  const attempts: number[] = [];
  const connectors = up.map((_, i) => async () => {
    attempts.push(i);
    if (!up[i]) throw new Error(`upstream ${i} refused`);
    return `session ${i}`;
  });
  return { attempts, connectors };
}

describe('failoverConnector', () => {
  it('connects to the first upstream that answers, trying each in order once', async () => {
    const { attempts, connectors } = upstreams([false, false, true]);
    const failures: number[] = [];
    const connect = failoverConnector(connectors, (i) => failures.push(i));
    expect(await connect()).toBe('session 2');
    expect(attempts).toStrictEqual([0, 1, 2]);
    expect(failures).toStrictEqual([0, 1]);
  });

  it('starts from the upstream that worked last, then wraps around', async () => {
    const up = [true, true, false];
    const { attempts, connectors } = upstreams(up);
    const connect = failoverConnector(connectors);
    expect(await connect()).toBe('session 0');
    up[0] = false;
    expect(await connect()).toBe('session 1');
    expect(await connect()).toBe('session 1');
    up[1] = false;
    up[0] = true;
    expect(await connect()).toBe('session 0');
    expect(attempts).toStrictEqual([0, 0, 1, 1, 1, 2, 0]);
  });

  it('rejects with the last error when every upstream fails, having tried each once', async () => {
    const { attempts, connectors } = upstreams([false, false]);
    const connect = failoverConnector(connectors);
    await expect(connect()).rejects.toThrow('upstream 1 refused');
    expect(attempts).toStrictEqual([0, 1]);
  });

  it('needs at least one upstream', () => {
    expect(() => failoverConnector([])).toThrow('failoverConnector needs at least one upstream');
  });
});
