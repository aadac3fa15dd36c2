import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { NodeId } from '@qcos/chips-codec';
import { afterAll, describe, expect, it } from 'vitest';
import { controlTokenFile } from './support/control-token.js';
import { QanStandIn } from './support/qan-stand-in.js';
import { readyLine, spawnService } from './support/service-process.js';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));

// An agent given two QANs: when the one it is connected to goes away, its heartbeats reach the
// other within a backoff step, without restarting the agent.
describe('dqn-agent failing over between QANs', () => {
  const first = new QanStandIn({ id: '00000000000000a1' as NodeId, publicKey: new Uint8Array(32) });
  const second = new QanStandIn({
    id: '00000000000000a2' as NodeId,
    publicKey: new Uint8Array(32),
  });
  let agent: ChildProcess | undefined;

  afterAll(async () => {
    if (agent !== undefined && agent.exitCode === null) {
      agent.kill('SIGKILL');
      await once(agent, 'exit');
    }
    await second.listener?.close();
  });

  it('connects to the first QAN listed, and to the second once the first is gone', async () => {
    const ports = [await first.start(), await second.start()];
    let log = () => '';
    ({ child: agent, log } = spawnService(
      ENTRY,
      [
        '--alias',
        'rigel',
        '--scope',
        'eu-west',
        '--connect',
        ports.map((p) => `127.0.0.1:${p}`).join(','),
        '--control',
        '127.0.0.1:0',
        '--control-token-file',
        controlTokenFile().file,
        '--insecure-transport',
        '--heartbeat-interval-ms',
        '200',
      ],
      { QCOS_IDENTITY_SEED: '11'.repeat(32) },
    ));
    await readyLine(agent);
    await first.next((p) => p.type === 'HEARTBEAT');
    expect(second.received).toHaveLength(0);
    // The first QAN dies: its listener and the session go away.
    first.session?.close();
    await first.listener.close();
    const beat = await second.next((p) => p.type === 'HEARTBEAT');
    expect(beat.header.destination).toBe('qan');
    expect(log()).toContain('"event":"upstream_unreachable"');
  });
});
