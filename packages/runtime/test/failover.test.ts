import { describe, expect, it } from 'vitest';
import {
  chipsPacketCodec,
  failoverConnector,
  failoverConnectSecure,
  insecurePlaintextHandshake,
  MAX_UPSTREAMS,
  parseHostPortList,
  pinnedUpstream,
  RuntimeError,
} from '../src/index.js';

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

describe('pinnedUpstream', () => {
  const peer = (key: number) => ({ id: `peer-${key}`, publicKey: new Uint8Array([key]) });

  it('accepts a peer presenting any pinned key, and any peer when none is pinned', () => {
    expect(() => pinnedUpstream([new Uint8Array([1]), new Uint8Array([2])])(peer(2))).not.toThrow();
    expect(() => pinnedUpstream([])(peer(9))).not.toThrow();
  });

  it('refuses any other peer: PEER_REJECTED, reason UNEXPECTED_UPSTREAM', () => {
    let error: unknown;
    try {
      pinnedUpstream([new Uint8Array([1])])(peer(3));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error).toMatchObject({
      code: 'PEER_REJECTED',
      message: 'upstream peer-3 is not a configured one',
      details: { reason: 'UNEXPECTED_UPSTREAM', peer: 'peer-3' },
    });
  });
});

describe('parseHostPortList', () => {
  it('parses addresses in order, trimming spaces', () => {
    expect(parseHostPortList('a.example:1, [::1]:2', 'qan')).toStrictEqual([
      { host: 'a.example', port: 1 },
      { host: '::1', port: 2 },
    ]);
  });

  it('refuses more than MAX_UPSTREAMS, a duplicate, or a bad address, naming the field', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `h:${i + 1}`).join(',');
    expect(parseHostPortList(list(MAX_UPSTREAMS), 'qan')).toHaveLength(16);
    expect(() => parseHostPortList(list(MAX_UPSTREAMS + 1), 'qan')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: { field: 'qan' } }),
    );
    expect(() => parseHostPortList('h:1,h:1', 'qan')).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: 'qan: an address is listed twice',
      }),
    );
    expect(() => parseHostPortList('h:1,,h:2', 'qan')).toThrow(
      expect.objectContaining({ code: 'INVALID_ADDRESS', details: { field: 'qan', value: '' } }),
    );
  });
});

describe('failoverConnectSecure', () => {
  it('tries every address once and logs each one that does not answer as upstream_unreachable', async () => {
    // Ports where nothing listens: the kernel refuses the connection at once.
    const addresses = [
      { host: '127.0.0.1', port: 1 },
      { host: '127.0.0.1', port: 2 },
    ];
    const warnings: { event: string; upstream: string }[] = [];
    const connect = failoverConnectSecure(
      addresses,
      {
        codec: chipsPacketCodec,
        handshake: insecurePlaintextHandshake(
          { id: 'node', publicKey: new Uint8Array(32), scope: 's' },
          'initiator',
        ),
      },
      { warn: (fields: { event: string; upstream: string }) => warnings.push(fields) } as never,
    );
    await expect(connect()).rejects.toThrow();
    expect(warnings.map((w) => [w.event, w.upstream])).toStrictEqual([
      ['upstream_unreachable', '127.0.0.1:1'],
      ['upstream_unreachable', '127.0.0.1:2'],
    ]);
  });
});
