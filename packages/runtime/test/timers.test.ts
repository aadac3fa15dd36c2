import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type EstablishedSession,
  type FrameChannel,
  installGracefulShutdown,
  RuntimeError,
  reconnecting,
  type SecureConnection,
} from '../src/index.js';
import { runHandshakeWithTimeout } from '../src/transport/timed-handshake.js';

// Deadlines and backoff run on vitest's fake timers: time moves only when a test advances it.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const never = <T>() => new Promise<T>(() => {});
const channel: FrameChannel = { remoteAddress: '10.0.0.1:4000', send: () => {}, receive: never };

/** Records how a promise settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('handshake deadline', () => {
  it('fails a handshake with HANDSHAKE_TIMEOUT exactly when its deadline passes', async () => {
    const run = track(runHandshakeWithTimeout(() => never(), channel, 1_000));
    await vi.advanceTimersByTimeAsync(999);
    expect(run.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(run.error).toBeInstanceOf(RuntimeError);
    expect((run.error as RuntimeError).code).toBe('HANDSHAKE_TIMEOUT');
  });

  it('a handshake that completes in time cancels its deadline', async () => {
    const session = { peer: { id: 'rigel' } } as unknown as EstablishedSession;
    await expect(runHandshakeWithTimeout(async () => session, channel, 1_000)).resolves.toBe(
      session,
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a failure that is not a RuntimeError into HANDSHAKE_FAILED with its cause', async () => {
    const failing = async () => {
      throw Object.assign(new Error('bad mac'), { code: 'BAD_MAC' });
    };
    const error = await runHandshakeWithTimeout(failing, channel, 1_000).catch((e: unknown) => e);
    expect([(error as RuntimeError).code, (error as RuntimeError).details]).toEqual([
      'HANDSHAKE_FAILED',
      { remoteAddress: '10.0.0.1:4000', cause: 'BAD_MAC' },
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** A connection the test closes by hand. */
function fakeConnection() {
  let onClose: ((err?: Error) => void) | undefined;
  let closed = false;
  const connection = {
    peer: { id: 'qan' },
    get closed() {
      return closed;
    },
    send: vi.fn(),
    onPacket: () => {},
    onClose: (h: (err?: Error) => void) => {
      onClose = h;
    },
    close: async () => {
      closed = true;
    },
  } as unknown as SecureConnection<number>;
  return { connection, drop: (err?: Error) => onClose?.(err) };
}

describe('reconnect schedule', () => {
  it('retries after each jittered backoff delay, resets it after a success, and stops on close', async () => {
    const outcomes: (() => Promise<SecureConnection<number>>)[] = [];
    let attempts = 0;
    const failed: [number, number][] = [];
    const connected: SecureConnection<number>[] = [];
    const refused = () => Promise.reject(new RuntimeError('CONNECT_FAILED', 'refused'));
    const up = fakeConnection();
    outcomes.push(refused, refused, async () => up.connection, refused);
    const rc = reconnecting<number>({
      initialDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
      connect: () => {
        const next = outcomes[attempts++];
        return next === undefined ? never() : next();
      },
      onConnect: (c) => connected.push(c),
      onAttemptFailed: (_error, attempt, delay) => failed.push([attempt, delay]),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect([attempts, failed]).toEqual([1, [[1, 50]]]);
    expect(rc.send(1)).toBe(false);
    await vi.advanceTimersByTimeAsync(49);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect([attempts, failed]).toEqual([
      2,
      [
        [1, 50],
        [2, 100],
      ],
    ]);
    await vi.advanceTimersByTimeAsync(100);
    expect([attempts, connected.length, rc.current === up.connection]).toEqual([3, 1, true]);
    expect(rc.send(7)).toBe(true);
    // The link drops: the next attempt waits the first delay again, not the grown one.
    up.drop(new Error('reset'));
    expect(rc.current).toBe(undefined);
    await vi.advanceTimersByTimeAsync(49);
    expect(attempts).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    // That attempt fails too: the drop counted as the first failure, so the delay has doubled.
    expect([attempts, failed.at(-1)]).toEqual([4, [2, 100]]);
    await rc.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempts).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('runs steps last-registered first and cuts a hanging step off at its deadline', async () => {
    const order: string[] = [];
    const shutdown = installGracefulShutdown({ timeoutMs: 1_000, exit: false });
    shutdown.add(() => {
      order.push('first');
    });
    shutdown.add(() => {
      order.push('hangs');
      return never();
    });
    const done = track(shutdown.run('test'));
    expect(shutdown.run('again')).toBe(shutdown.run('test'));
    await vi.advanceTimersByTimeAsync(999);
    expect([done.settled, order]).toEqual([false, ['hangs']]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done.settled).toBe(true);
  });
});
