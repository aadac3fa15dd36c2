import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { expect, it } from 'vitest';
import {
  applyBlock,
  buildBlock,
  createGenesis,
  merkleRoot,
  routeJob,
  signBlock,
} from '../src/index.js';

it('the README example runs and routes to rigel', () => {
  const qan = hybridKeyFromSeed(new Uint8Array(32).fill(1));
  let state = createGenesis({ networkId: 'testnet', anchorPublicKey: qan.publicKey });
  const report = {
    eksOk: true,
    eksLastSyncMs: 0,
    fidelity1qPpm: 990_000,
    fidelity2qPpm: 970_000,
    utilisationPct: 5,
    faults: [],
  };
  const block = signBlock(
    buildBlock(state, hybridQuid(qan.publicKey), [
      {
        kind: 'REGISTER',
        alias: 'rigel',
        address: 'rigel.example.net:7000',
        scope: 'eu-west',
        qubitCapacity: 20,
        publicKey: new Uint8Array(32),
        atMs: 0,
      },
      ...[1_000, 2_000, 3_000].map((atMs) => ({
        kind: 'HEARTBEAT' as const,
        alias: 'rigel',
        atMs,
        report,
      })),
    ]),
    qan,
  );
  state = applyBlock(state, block);
  expect(routeJob(state, { kind: 'node', alias: 'rigel' })).toMatchObject({
    kind: 'deliver',
    address: 'rigel.example.net:7000',
  });
  expect(merkleRoot(state)).toHaveLength(32);
});
