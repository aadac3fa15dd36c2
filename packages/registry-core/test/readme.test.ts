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

it('the README operator example runs: an operator-signed trust edge carried by the QAN', async () => {
  const { createGenesisDocument, decodeGenesisDocument, genesisFromDocument, signOperatorAction } =
    await import('../src/index.js');
  const anchor = hybridKeyFromSeed(new Uint8Array(32).fill(9));
  const qanKey = hybridKeyFromSeed(new Uint8Array(32).fill(1));
  const operator = hybridKeyFromSeed(new Uint8Array(32).fill(2));
  const document = createGenesisDocument({
    networkId: 'testnet',
    anchorKey: anchor,
    members: [
      { role: 'QAN', publicKey: qanKey.publicKey, levelPpm: 1_000_000 },
      { role: 'OPERATOR', publicKey: operator.publicKey, levelPpm: 900_000 },
    ],
  });
  let net = genesisFromDocument(decodeGenesisDocument(document));
  const trustee = hybridKeyFromSeed(new Uint8Array(32).fill(3)).publicKey;
  const grant = signOperatorAction(
    {
      genesisHash: net.genesisHash,
      seq: 1,
      atMs: 0,
      record: { kind: 'TRUST_EDGE', trusteeKey: trustee, role: 'QAN', levelPpm: 800_000 },
    },
    operator,
  );
  net = applyBlock(net, signBlock(buildBlock(net, hybridQuid(qanKey.publicKey), [grant]), qanKey));
  expect(net.operatorSeqs.get(hybridQuid(operator.publicKey))).toBe(1);
  expect(net.trustEdges.get(hybridQuid(operator.publicKey))?.get(hybridQuid(trustee))).toBe(
    800_000,
  );
});
