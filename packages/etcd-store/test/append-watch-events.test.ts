import { EventEmitter } from 'node:events';
import { rejection } from '@qcos/interface-compliance-tests';
import type { Etcd3 } from 'etcd3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendWatch } from '../src/append-watch.js';

// The append signal's own bookkeeping, against a scripted watch client: how many watches it
// starts, which watcher events reach the listeners, what a failed start leaves behind, and what
// close cancels. (append-watch.test.ts runs it against real etcd.)

const HOUR = 3_600_000;

/** A watcher as etcd3 hands it out: an emitter with `cancel`. */
class ScriptedWatcher extends EventEmitter {
  cancelled = 0;
  async cancel() {
    this.cancelled++;
  }
}

/** A client whose `watch().key(k).create()` takes the next scripted outcome. */
function scriptedClient(outcomes: ('ok' | 'fail' | 'never')[]) {
  const watchers: ScriptedWatcher[] = [];
  const keys: string[] = [];
  const client = {
    watch: () => ({
      key: (k: string) => {
        keys.push(k);
        return {
          create: () => {
            const outcome = outcomes.shift() ?? 'ok';
            if (outcome === 'fail') return Promise.reject(new Error('watch refused'));
            if (outcome === 'never') return new Promise<never>(() => {});
            const w = new ScriptedWatcher();
            watchers.push(w);
            return Promise.resolve(w);
          },
        };
      },
    }),
  };
  return { client: client as unknown as Etcd3, watchers, keys };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('appendWatch bookkeeping', () => {
  it('one watch of the head key for every listener; a put and a reconnect reach all of them', async () => {
    const { client, watchers, keys } = scriptedClient(['ok']);
    const watch = appendWatch(client, '/log/head', HOUR, 1_000);
    const calls = { a: 0, b: 0 };
    watch.onAppend(() => calls.a++);
    watch.onAppend(() => calls.b++);
    await watch.established();
    expect(keys).toStrictEqual(['/log/head']);
    expect(watchers).toHaveLength(1);
    watchers[0]?.emit('put');
    expect(calls).toStrictEqual({ a: 1, b: 1 });
    // A reconnected watch may have missed puts: every listener reads again.
    watchers[0]?.emit('connected');
    expect(calls).toStrictEqual({ a: 2, b: 2 });
    watchers[0]?.emit('delete');
    expect(calls).toStrictEqual({ a: 2, b: 2 });
  });

  it('the first listener starts the watch on its own; closing a watch never started is fine', async () => {
    const { client, watchers } = scriptedClient(['ok']);
    const watch = appendWatch(client, '/log/head', HOUR, 1_000);
    let calls = 0;
    watch.onAppend(() => calls++);
    await new Promise((r) => setImmediate(r));
    expect(watchers).toHaveLength(1);
    watchers[0]?.emit('put');
    expect(calls).toBe(1);
    await expect(appendWatch(client, '/other', HOUR, 1_000).close()).resolves.toBeUndefined();
  });

  it('a watch that failed to start is started again by the next caller that needs it', async () => {
    const { client, watchers } = scriptedClient(['fail', 'ok']);
    const watch = appendWatch(client, '/log/head', HOUR, 1_000);
    const first = await rejection(watch.established(), 'STORE_UNAVAILABLE');
    expect(first.message).toBe('etcd watch failed: watch refused');
    await watch.established();
    expect(watchers).toHaveLength(1);
  });

  it('established() gives up after the timeout and leaves no timer behind when it does not', async () => {
    vi.useFakeTimers();
    const slow = appendWatch(scriptedClient(['never']).client, '/log/head', HOUR, 5_000);
    const waited = rejection(slow.established(), 'STORE_UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await waited).message).toBe('etcd watch failed: no watch within 5000 ms');
    const quick = appendWatch(scriptedClient(['ok']).client, '/log/head', HOUR, 5_000);
    await quick.established();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after close: no listener is called, no watch is started, and the open one is cancelled', async () => {
    const { client, watchers } = scriptedClient(['ok', 'ok']);
    const watch = appendWatch(client, '/log/head', HOUR, 1_000);
    let calls = 0;
    watch.onAppend(() => calls++);
    await watch.established();
    await watch.close();
    await new Promise((r) => setImmediate(r));
    expect(watchers[0]?.cancelled).toBe(1);
    watchers[0]?.emit('put');
    const stop = watch.onAppend(() => calls++);
    await watch.established();
    stop();
    expect(calls).toBe(0);
    expect(watchers).toHaveLength(1);
  });

  it('polls each listener at its interval until it unsubscribes', async () => {
    vi.useFakeTimers();
    const watch = appendWatch(scriptedClient(['ok']).client, '/log/head', 1_000, 1_000);
    let calls = 0;
    const stop = watch.onAppend(() => calls++);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBe(3);
    stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBe(3);
  });
});
