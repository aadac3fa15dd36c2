import { rejection } from '@qcos/interface-compliance-tests';
import { Etcd3 } from 'etcd3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendWatch } from '../src/append-watch.js';
import { sharedCluster } from './etcd-fixture.js';

// The append signal on its own, against real etcd, with the poll an hour away: only the watch
// can call a listener within a test.
const HOUR = 3_600_000;
let client: Etcd3;
let writer: Etcd3;
let serial = 0;
let key: string;

beforeEach(async () => {
  const { cluster } = await sharedCluster();
  client = new Etcd3({ hosts: cluster.endpoints[0] as string });
  writer = new Etcd3({ hosts: cluster.endpoints[2] as string });
  key = `/watch/${process.pid}/${++serial}/head`;
});
afterEach(async () => {
  await writer.delete().key(key);
  client.close();
  writer.close();
});

/** Resolves on the listener's next call. */
function nextCall(subscribe: (listener: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    const stop = subscribe(() => {
      stop();
      resolve();
    });
  });
}

describe('appendWatch', () => {
  it('calls every listener when the head key is written through another member', async () => {
    const watch = appendWatch(client, key, HOUR, 5_000);
    const first = nextCall(watch.onAppend);
    const second = nextCall(watch.onAppend);
    await watch.established();
    await writer.put(key).value('head 1');
    await Promise.all([first, second]);
    await watch.close();
  });

  it('sets the watch up on established() even before any listener', async () => {
    const watch = appendWatch(client, key, HOUR, 5_000);
    await watch.established();
    const called = nextCall(watch.onAppend);
    await watch.established();
    await writer.put(key).value('head 1');
    await called;
    await watch.close();
  });

  it('a removed listener is not called again; the others still are', async () => {
    const watch = appendWatch(client, key, HOUR, 5_000);
    let removedCalls = 0;
    const stop = watch.onAppend(() => removedCalls++);
    const kept = nextCall(watch.onAppend);
    await watch.established();
    stop();
    await writer.put(key).value('head 1');
    await kept;
    expect(removedCalls).toBe(0);
    await watch.close();
  });

  it('after close, listeners are forgotten and new ones never added', async () => {
    const watch = appendWatch(client, key, HOUR, 5_000);
    let calls = 0;
    watch.onAppend(() => calls++);
    await watch.established();
    await watch.close();
    watch.onAppend(() => calls++);
    await watch.established();
    // A second watch on the same key proves the write happened and was delivered.
    const other = appendWatch(writer, key, HOUR, 5_000);
    const seen = nextCall(other.onAppend);
    await other.established();
    await writer.put(key).value('head 1');
    await seen;
    await other.close();
    expect(calls).toBe(0);
  });

  it('fails STORE_UNAVAILABLE when the watch is not set up within the timeout', async () => {
    const nowhere = new Etcd3({ hosts: '127.0.0.1:1' });
    try {
      const watch = appendWatch(nowhere, key, HOUR, 300);
      const e = await rejection(watch.established(), 'STORE_UNAVAILABLE');
      expect(e.message).toBe('etcd watch failed: no watch within 300 ms');
      expect(e.details).toEqual({ cause: 'no watch within 300 ms' });
      await watch.close();
    } finally {
      nowhere.close();
    }
  });
});
