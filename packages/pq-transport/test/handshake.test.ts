import { toHex } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SHA256 } from '../src/crypto/hash.js';
import {
  CookieGuard,
  createInitiator,
  type SessionCreatedEvent,
  type SessionRejectedEvent,
  seededRandom,
  type TransportErrorCode,
  trustRoots,
  VerificationCache,
} from '../src/index.js';
import { nodePrimitives } from '../src/native-crypto.js';
import {
  agent,
  agentPolicy,
  makeNode,
  makePair,
  NOW,
  otherRoot,
  type Pair,
  qan,
  quidOf,
  roots,
  run,
  seed,
  stranger,
} from './fixtures.js';

function code(f: () => unknown): TransportErrorCode | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: TransportErrorCode }).code;
  }
  return undefined;
}

const text = (s: string) => new TextEncoder().encode(s);

interface Failure {
  code: string | undefined;
  field?: string;
  offset?: number;
}

/** The first error a call raised, as code (with field and offset for message-1 checks). */
function failure(f: () => unknown): Failure | undefined {
  try {
    f();
  } catch (e) {
    const { code, field, offset } = e as { code?: string; field?: string; offset?: number };
    return code === 'DECRYPT_FAILED' ? { code } : { code, field, offset };
  }
  return undefined;
}

/**
 * The error a flipped bit in handshake message k must give, after the order of checks in spec
 * §6: message 1 (header, then mac1 over everything before it, before any KEM work) and, for
 * later messages, the type byte and then the AEAD (a flipped KEM ciphertext gives another
 * shared secret, so the next tag fails).
 */
function expectedFlip(m: Uint8Array, k: number, bit: number): Failure {
  const byte = bit >> 3;
  const flipped = (m[byte] as number) ^ (1 << (bit & 7));
  if (byte === 0) return { code: 'UNEXPECTED_MESSAGE', field: 'type', offset: 0 };
  if (k > 0) return { code: 'DECRYPT_FAILED' };
  const badMac = { code: 'BAD_MAC', field: 'mac1', offset: m.length - 32 };
  if (byte === 1) return { code: 'UNSUPPORTED_VERSION', field: 'version', offset: 1 };
  if (byte === 2) {
    // only the cipher nibble flipping 0 -> 1 names another known suite (then mac1 fails)
    return flipped >>> 4 === 1 && ((flipped & 0x0f) === 1 || (flipped & 0x0f) === 2)
      ? badMac
      : { code: 'UNSUPPORTED_SUITE', field: 'suite', offset: 2 };
  }
  if (byte === 3) {
    if (flipped > 64) return { code: 'MALFORMED_MESSAGE', field: 'eksKeyId', offset: 3 };
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(m.subarray(4, 4 + flipped));
    } catch {
      return { code: 'MALFORMED_MESSAGE', field: 'eksKeyId', offset: 4 };
    }
  }
  return badMac;
}
const cache = new VerificationCache();
const eks = { keyId: 'c0ffee00-0000-4000-8000-000000000001', key: new Uint8Array(32).fill(0x5e) };
const eksKeys = (id: string) => (id === eks.keyId ? eks.key : undefined);

/** Continues a handshake after a (possibly tampered) message, then exchanges one record each way. */
function finish(p: Pair, from: number, msgs: Uint8Array[]): void {
  const parties = [p.initiator, p.responder];
  for (let k = from; k < msgs.length; k++) {
    const reader = parties[(k + 1) % 2];
    reader?.readMessage(msgs[k] as Uint8Array);
    if (k + 1 < msgs.length) {
      const writer = parties[(k + 1) % 2];
      msgs[k + 1] = writer?.writeMessage() as Uint8Array;
    }
  }
  const a = p.initiator.split();
  const b = p.responder.split();
  b.open(a.seal(text('ping')));
  a.open(b.seal(text('pong')));
}

describe('PQ handshakes', () => {
  for (const pattern of ['IK', 'XX'] as const) {
    test(`pq${pattern}: both sides agree, records flow, session-created events name peer, scope, suite`, () => {
      const p = run(
        makePair({
          ...(pattern === 'XX' ? { responderStaticPublicKey: undefined } : {}),
          verificationCache: cache,
        }),
      );
      expect(p.transcript).toHaveLength(pattern === 'IK' ? 2 : 4);
      const a = p.initiator.split();
      const b = p.responder.split();
      expect(toHex(a.info.handshakeHash)).toBe(toHex(b.info.handshakeHash));
      expect(toHex(b.open(a.seal(text('job 1'))))).toBe(toHex(text('job 1')));
      expect(toHex(a.open(b.seal(text('result 1'))))).toBe(toHex(text('result 1')));
      expect(b.info.peer.quid).toBe(quidOf(agent));
      expect(a.info.peer.quid).toBe(quidOf(qan));
      const created = p.events as SessionCreatedEvent[];
      expect(created.map((e) => [e.kind, e.role])).toEqual([
        // the responder writes the last message in both patterns, so it finishes first
        ['session-created', 'responder'],
        ['session-created', 'initiator'],
      ]);
      for (const e of created) {
        expect(e.scope).toBe('jobs');
        expect(e.suite).toBe(`Noise_pq${pattern}_XWing_ChaChaPoly_SHA256`);
        // nothing derived from the key schedule goes into the audit log
        expect(JSON.stringify(e)).not.toContain(toHex(a.info.handshakeHash));
        expect(e.at).toBe(NOW);
      }
      expect(created.find((e) => e.role === 'responder')?.peerHardwareId).toBe(
        toHex(text('hw-rigel')),
      );
    });
  }

  test('handshake payloads (application data) travel both ways', () => {
    const p = makePair();
    const m1 = p.initiator.writeMessage(text('hello'));
    expect(toHex(p.responder.readMessage(m1))).toBe(toHex(text('hello')));
    const m2 = p.responder.writeMessage(text('welcome'));
    expect(toHex(p.initiator.readMessage(m2))).toBe(toHex(text('welcome')));
    expect(p.initiator.isComplete && p.responder.isComplete).toBe(true);
  });

  test('both AEAD/X25519 back ends interoperate in a full handshake', () => {
    for (const cipher of ['ChaChaPoly', 'AESGCM'] as const) {
      const p = run(
        makePair(
          { primitives: nodePrimitives, cipher, verificationCache: cache },
          { verificationCache: cache },
        ),
      );
      const a = p.initiator.split();
      const b = p.responder.split();
      expect(a.info.suite).toBe(`Noise_pqIK_XWing_${cipher}_SHA256`);
      expect(toHex(b.open(a.seal(text('x'))))).toBe(toHex(text('x')));
      expect(toHex(a.open(b.seal(text('y'))))).toBe(toHex(text('y')));
    }
  });

  test('same randomness gives the same transcript (deterministic)', () => {
    const a = run(makePair({ verificationCache: cache }, { verificationCache: cache }));
    const b = run(makePair({ verificationCache: cache }, { verificationCache: cache }));
    expect(a.transcript.map(toHex)).toEqual(b.transcript.map(toHex));
  });
});

describe('tampering and replay', () => {
  for (const pattern of ['IK', 'XX'] as const) {
    const xx = pattern === 'XX' ? { responderStaticPublicKey: undefined } : {};
    const honest = run(
      makePair({ ...xx, verificationCache: cache }, { verificationCache: cache }),
    ).transcript;

    test(`pq${pattern}: flipping any bit of any handshake message makes the session fail`, () => {
      fc.assert(
        fc.property(fc.nat({ max: honest.length - 1 }), fc.nat(), (k, pos) => {
          const m = honest[k] as Uint8Array;
          // mac2 (last 16 bytes of message 1) is only checked under load, by the CookieGuard (next test)
          const span = k === 0 ? m.length - 16 : m.length;
          const bit = pos % (span * 8);
          const p = makePair({ ...xx, verificationCache: cache }, { verificationCache: cache });
          const msgs: Uint8Array[] = [];
          for (let j = 0; j < k; j++) {
            msgs.push(j % 2 === 0 ? p.initiator.writeMessage() : p.responder.writeMessage());
            (j % 2 === 0 ? p.responder : p.initiator).readMessage(msgs[j] as Uint8Array);
          }
          const mine = (k % 2 === 0 ? p.initiator : p.responder).writeMessage();
          expect(toHex(mine)).toBe(toHex(m));
          const bad = m.slice();
          bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
          msgs.push(bad);
          expect(failure(() => finish(p, k, msgs))).toStrictEqual(expectedFlip(m, k, bit));
          const rejected = p.events.filter((e) => e.kind === 'session-rejected');
          const created = p.events.filter((e) => e.kind === 'session-created');
          expect(rejected.length > 0 || created.length < 2).toBe(true);
        }),
        { numRuns: 24 },
      );
    });
  }

  test('every bit of the message-1 header, of mac1 and of later type bytes gives its exact code', () => {
    for (const pattern of ['IK', 'XX'] as const) {
      const xx = pattern === 'XX' ? { responderStaticPublicKey: undefined } : {};
      const honest = run(
        makePair({ ...xx, verificationCache: cache }, { verificationCache: cache }),
      ).transcript;
      const m1 = honest[0] as Uint8Array;
      const mac1Bits = Array.from({ length: 16 }, (_, i) => (m1.length - 32 + i) * 8 + (i % 8));
      const cases: [number, number][] = [
        ...Array.from({ length: 32 }, (_, bit) => [0, bit] as [number, number]),
        ...mac1Bits.map((bit) => [0, bit] as [number, number]),
        ...honest
          .slice(1)
          .flatMap((_, j) =>
            Array.from({ length: 8 }, (_, bit) => [j + 1, bit] as [number, number]),
          ),
      ];
      for (const [k, bit] of cases) {
        const m = honest[k] as Uint8Array;
        const p = makePair({ ...xx, verificationCache: cache }, { verificationCache: cache });
        const msgs: Uint8Array[] = [];
        for (let j = 0; j < k; j++) {
          msgs.push(j % 2 === 0 ? p.initiator.writeMessage() : p.responder.writeMessage());
          (j % 2 === 0 ? p.responder : p.initiator).readMessage(msgs[j] as Uint8Array);
        }
        (k % 2 === 0 ? p.initiator : p.responder).writeMessage();
        const bad = m.slice();
        bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
        msgs.push(bad);
        expect([pattern, k, bit, failure(() => finish(p, k, msgs))]).toStrictEqual([
          pattern,
          k,
          bit,
          expectedFlip(m, k, bit),
        ]);
        const reader = k % 2 === 0 ? p.responder : p.initiator;
        expect(reader.isFailed).toBe(true);
      }
    }
  });

  test('a flipped mac2 under load gets a cookie reply, never acceptance', () => {
    const guard = new CookieGuard({
      responderStaticPublicKey: qan.staticKey.publicKey,
      secret: seed(9),
      random: seededRandom(seed(10)),
    });
    const p = makePair();
    const m1 = p.initiator.writeMessage();
    const src = text('10.0.0.7:4000');
    const v1 = guard.check(m1, src, NOW, true);
    expect(v1.kind).toBe('reply');
    const m1c = p.initiator.applyCookieReply((v1 as { reply: Uint8Array }).reply);
    expect(guard.check(m1c, src, NOW, true).kind).toBe('accept');
    expect(guard.check(m1c, src, NOW + 120_000, true).kind).toBe('accept'); // previous epoch still good
    expect(guard.check(m1c, src, NOW + 240_000, true).kind).toBe('reply');
    expect(guard.check(m1c, text('10.0.0.8:4000'), NOW, true).kind).toBe('reply');
    for (let i = m1c.length - 16; i < m1c.length; i++) {
      const bad = m1c.slice();
      bad[i] = (bad[i] as number) ^ 0x80;
      expect(guard.check(bad, src, NOW, true).kind).toBe('reply');
    }
    const badMac1 = m1c.slice();
    badMac1[m1c.length - 20] = (badMac1[m1c.length - 20] as number) ^ 1;
    expect(guard.check(badMac1, src, NOW, false)).toEqual({ kind: 'drop', code: 'BAD_MAC' });
    // the cookie-bearing message 1 completes the handshake as usual
    p.responder.readMessage(m1c);
    p.initiator.readMessage(p.responder.writeMessage());
    expect(p.initiator.isComplete).toBe(true);
  });

  test('a responder rejects message 1 with a bad mac1 before any KEM work', () => {
    const p = makePair();
    const m1 = p.initiator.writeMessage();
    m1[m1.length - 17] = (m1[m1.length - 17] as number) ^ 1;
    expect(code(() => p.responder.readMessage(m1))).toBe('BAD_MAC');
    expect((p.events[0] as SessionRejectedEvent).code).toBe('BAD_MAC');
  });

  test('replaying handshake messages is rejected; a replayed message 1 yields no usable session', () => {
    const p = makePair({ verificationCache: cache }, { verificationCache: cache });
    const m1 = p.initiator.writeMessage();
    p.responder.readMessage(m1);
    const m2 = p.responder.writeMessage();
    p.initiator.readMessage(m2);
    expect(code(() => p.responder.readMessage(m1))).toBe('HANDSHAKE_STATE');
    expect(code(() => p.initiator.readMessage(m2))).toBe('HANDSHAKE_STATE');
    // an attacker replays message 1 to a fresh responder: it answers, but the session keys
    // need the initiator's static secret, so nothing the genuine initiator sends opens there
    const replayed = makePair(
      { verificationCache: cache },
      { verificationCache: cache },
      99,
    ).responder;
    replayed.readMessage(m1);
    replayed.writeMessage();
    const rec = p.initiator.split().seal(text('for the real responder'));
    expect(code(() => replayed.split().open(rec))).toBe('DECRYPT_FAILED');
    expect(toHex(p.responder.split().open(rec))).toBe(toHex(text('for the real responder')));
  });
});

describe('binding: scope, attestation, prologue, EKS key', () => {
  const hashOf = (p: Pair) => toHex(p.initiator.split().info.handshakeHash);
  const base = hashOf(run(makePair({ verificationCache: cache }, { verificationCache: cache })));

  test('each yields a different handshake hash with the same randomness', () => {
    const variants = [
      makePair({ scope: 'heartbeat', verificationCache: cache }, { verificationCache: cache }),
      makePair(
        { prologue: text('other'), verificationCache: cache },
        { prologue: text('other'), verificationCache: cache },
      ),
      makePair({ eks, verificationCache: cache }, { eksKeys, verificationCache: cache }),
      makePair(
        {
          identity: {
            ...agent,
            attestation: makeNode('rigel', 0x10, { hardwareId: text('hw-other') }).attestation,
          },
        },
        {},
      ),
    ];
    const hashes = variants.map((p) => hashOf(run(p)));
    expect(new Set([base, ...hashes]).size).toBe(5);
  });

  test('a different prologue fails to authenticate', () => {
    for (const xx of [{}, { responderStaticPublicKey: undefined }]) {
      const p = makePair({ prologue: text('net A'), ...xx }, { prologue: text('net B') });
      expect(code(() => run(p))).toBe('DECRYPT_FAILED');
    }
  });

  test('a wrong EKS key fails to authenticate; a missing one is refused', () => {
    for (const pattern of ['IK', 'XX'] as const) {
      const xx = pattern === 'XX' ? { responderStaticPublicKey: undefined } : {};
      const wrong = makePair({ ...xx, eks }, { eksKeys: () => new Uint8Array(32).fill(1) });
      expect(code(() => run(wrong))).toBe('DECRYPT_FAILED');
      const ok = run(makePair({ ...xx, eks }, { eksKeys }));
      expect(ok.initiator.split().info.suite).toBe(
        `Noise_pq${pattern}${pattern === 'IK' ? 'psk2' : 'psk3'}_XWing_ChaChaPoly_SHA256`,
      );
      expect(ok.responder.split().info.eksKeyId).toBe(eks.keyId);
    }
    expect(code(() => run(makePair({ eks }, {})))).toBe('EKS_KEY_UNKNOWN');
    expect(code(() => run(makePair({}, { requireEks: true, eksKeys })))).toBe('EKS_KEY_REQUIRED');
  });

  test('an attestation from an unconfigured root, or naming other keys, is refused', () => {
    const foreign = makeNode('rigel', 0x10, { root: otherRoot });
    expect(code(() => run(makePair({ identity: foreign })))).toBe('UNTRUSTED_ROOT');
    const swapped = { ...agent, attestation: stranger.attestation };
    expect(code(() => run(makePair({ identity: swapped })))).toBe('KEY_MISMATCH');
    const expired = makeNode('rigel', 0x10, { validUntil: NOW - 1 });
    expect(code(() => run(makePair({ identity: expired })))).toBe('EXPIRED');
    const responderTrustsOther = makePair({}, { trustRoots: trustRoots([otherRoot.publicKey]) });
    expect(code(() => run(responderTrustsOther))).toBe('UNTRUSTED_ROOT');
  });

  test('a certificate for a different static key is refused (KEY_MISMATCH)', () => {
    const liar = { ...stranger, certificate: agent.certificate, attestation: agent.attestation };
    expect(code(() => run(makePair({ identity: liar })))).toBe('KEY_MISMATCH');
  });
});

describe('authorisation', () => {
  test('an unknown static key is rejected with PEER_REJECTED and logged', () => {
    const p = makePair({ identity: stranger });
    expect(code(() => run(p))).toBe('PEER_REJECTED');
    const e = p.events.find((x) => x.kind === 'session-rejected') as SessionRejectedEvent;
    expect(e).toMatchObject({
      role: 'responder',
      code: 'PEER_REJECTED',
      peer: quidOf(stranger),
      scope: 'jobs',
      at: NOW,
    });
    expect(p.events.some((x) => x.kind === 'session-created')).toBe(false);
    expect(p.responder.isFailed).toBe(true);
    expect(code(() => p.responder.writeMessage())).toBe('HANDSHAKE_STATE');
  });

  test('a scope the policy does not grant is rejected', () => {
    const p = makePair({ scope: 'admin' });
    expect(code(() => run(p))).toBe('PEER_REJECTED');
    expect((p.events[0] as SessionRejectedEvent).reason).toContain('admin');
  });

  test('the initiator rejects a responder its policy does not know', () => {
    const p = makePair({ policy: () => ({ accept: false, reason: 'not my QAN' }) });
    expect(code(() => run(p))).toBe('PEER_REJECTED');
    expect(p.events.map((e) => `${e.kind}:${e.role}`)).toEqual([
      'session-created:responder',
      'session-rejected:initiator',
    ]);
  });

  test('the policy sees peer, attestation and scope', () => {
    const seen: string[] = [];
    run(
      makePair(
        {},
        {
          policy: (r) => {
            seen.push(r.peer.subject, toHex(r.peer.attestation.hardwareId), r.scope, r.role);
            return { accept: true };
          },
        },
      ),
    );
    expect(seen).toEqual(['rigel', toHex(text('hw-rigel')), 'jobs', 'responder']);
  });

  test('bad options are typed errors', () => {
    expect(
      code(() =>
        createInitiator({
          identity: agent,
          trustRoots: roots,
          policy: agentPolicy,
          now: NOW,
          scope: '',
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      code(() =>
        createInitiator({
          identity: agent,
          trustRoots: roots,
          policy: agentPolicy,
          now: NOW,
          scope: 'x',
          eks: { keyId: 'k', key: new Uint8Array(3) },
        }),
      ),
    ).toBe('INVALID_KEY');
  });

  test('junk as message 1 never crashes the responder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), (junk, typed) => {
        if (typed && junk.length > 3) {
          junk[0] = 1;
          junk[1] = 1;
          junk[2] = 1;
          junk[3] = 0;
        }
        const p = makePair();
        expect(code(() => p.responder.readMessage(junk))).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('handshake state and options', () => {
  const errorOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      const { code, field, offset } = e as { code: string; field?: string; offset?: number };
      return { code, field, offset };
    }
    return undefined;
  };

  test('a scope of 255 bytes is accepted, 256 bytes or none is INVALID_ARGUMENT at the scope', () => {
    const base = { identity: agent, trustRoots: roots, policy: agentPolicy, now: NOW };
    expect(createInitiator({ ...base, scope: 'é'.repeat(127) + 'x' }).scope).toBe(
      'é'.repeat(127) + 'x',
    );
    for (const scope of ['', 'x'.repeat(256), 'é'.repeat(128)]) {
      expect(errorOf(() => createInitiator({ ...base, scope }))).toStrictEqual({
        code: 'INVALID_ARGUMENT',
        field: 'scope',
        offset: undefined,
      });
    }
  });

  test('getters follow the handshake: turn, suite, scope, peer and hash', () => {
    const p = makePair({ verificationCache: cache }, { verificationCache: cache });
    const { initiator: i, responder: r } = p;
    expect([i.role, r.role]).toStrictEqual(['initiator', 'responder']);
    expect([i.wantsWrite, r.wantsWrite]).toStrictEqual([true, false]);
    expect([i.protocolName, r.protocolName]).toStrictEqual([
      'Noise_pqIK_XWing_ChaChaPoly_SHA256',
      undefined,
    ]);
    expect([i.scope, r.scope, i.peer, r.peer]).toStrictEqual([
      'jobs',
      undefined,
      undefined,
      undefined,
    ]);
    expect(r.handshakeHash).toBe(undefined);
    r.readMessage(i.writeMessage());
    expect([i.wantsWrite, r.wantsWrite]).toStrictEqual([false, true]);
    expect([r.scope, r.protocolName, r.peer?.quid]).toStrictEqual([
      'jobs',
      'Noise_pqIK_XWing_ChaChaPoly_SHA256',
      quidOf(agent),
    ]);
    i.readMessage(r.writeMessage());
    expect([i.isComplete, r.isComplete, i.isFailed, r.isFailed]).toStrictEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([i.wantsWrite, r.wantsWrite]).toStrictEqual([false, false]);
    expect(toHex(i.handshakeHash as Uint8Array)).toBe(toHex(r.handshakeHash as Uint8Array));
    expect(i.split()).toBe(i.split());
    expect(errorOf(() => i.writeMessage())?.code).toBe('HANDSHAKE_STATE');
  });

  test('out of turn: writing twice and split() before completion are HANDSHAKE_STATE', () => {
    const p = makePair();
    expect(errorOf(() => p.responder.writeMessage())?.code).toBe('HANDSHAKE_STATE');
    expect(errorOf(() => p.initiator.split())?.code).toBe('HANDSHAKE_STATE');
    const m1 = p.initiator.writeMessage();
    expect(errorOf(() => p.initiator.writeMessage())?.code).toBe('HANDSHAKE_STATE');
    // turn errors do not end the handshake: it still completes
    p.responder.readMessage(m1);
    p.initiator.readMessage(p.responder.writeMessage());
    expect(p.initiator.isComplete).toBe(true);
  });

  test('an empty later message is MALFORMED_MESSAGE at the type and fails the handshake', () => {
    const p = makePair();
    p.responder.readMessage(p.initiator.writeMessage());
    p.responder.writeMessage();
    expect(errorOf(() => p.initiator.readMessage(new Uint8Array(0)))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'type',
      offset: 0,
    });
    expect(p.initiator.isFailed).toBe(true);
    expect(errorOf(() => p.initiator.readMessage(new Uint8Array(1)))?.code).toBe('HANDSHAKE_STATE');
  });

  test('a later message of only the type byte is MALFORMED_MESSAGE in the KEM ciphertext, not at the type', () => {
    const p = makePair();
    p.responder.readMessage(p.initiator.writeMessage());
    p.responder.writeMessage();
    expect(errorOf(() => p.initiator.readMessage(Uint8Array.of(0x02)))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'ekem',
      offset: 0,
    });
  });

  test('reading out of turn is HANDSHAKE_STATE and does not end the handshake', () => {
    const p = makePair({ responderStaticPublicKey: undefined });
    // the initiator's turn is to write: a message now (even a well-formed one) is refused
    expect(errorOf(() => p.initiator.readMessage(Uint8Array.of(0x02, 0, 0)))).toStrictEqual({
      code: 'HANDSHAKE_STATE',
      field: undefined,
      offset: undefined,
    });
    const m1 = p.initiator.writeMessage();
    p.responder.readMessage(m1);
    expect(errorOf(() => p.responder.readMessage(m1))?.code).toBe('HANDSHAKE_STATE');
    expect([p.initiator.isFailed, p.responder.isFailed]).toStrictEqual([false, false]);
    // pqXX has four messages
    p.initiator.readMessage(p.responder.writeMessage());
    p.responder.readMessage(p.initiator.writeMessage());
    p.initiator.readMessage(p.responder.writeMessage());
    expect([p.initiator.isComplete, p.responder.isComplete]).toStrictEqual([true, true]);
  });

  test('a failed write ends the handshake: wantsWrite is false although the turn did not pass', () => {
    const p = makePair();
    expect(errorOf(() => p.initiator.writeMessage(new Uint8Array(70_000)))?.code).toBe(
      'MESSAGE_TOO_LARGE',
    );
    expect([p.initiator.isFailed, p.initiator.wantsWrite]).toStrictEqual([true, false]);
    expect(errorOf(() => p.initiator.writeMessage())?.code).toBe('HANDSHAKE_STATE');
  });

  test('calls after completion are HANDSHAKE_STATE "handshake already complete", after failure "already failed"', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return `${(e as { code: string }).code} ${(e as Error).message}`;
      }
      return 'no error';
    };
    const done = run(makePair());
    for (const side of [done.initiator, done.responder]) {
      expect(message(() => side.writeMessage())).toBe(
        'HANDSHAKE_STATE HANDSHAKE_STATE: handshake already complete',
      );
      expect(message(() => side.readMessage(Uint8Array.of(0x02)))).toBe(
        'HANDSHAKE_STATE HANDSHAKE_STATE: handshake already complete',
      );
    }
    const failed = makePair();
    expect(message(() => failed.initiator.writeMessage(new Uint8Array(70_000)))).toBe(
      'MESSAGE_TOO_LARGE MESSAGE_TOO_LARGE: handshake message over 65535 bytes',
    );
    expect(message(() => failed.initiator.writeMessage())).toBe(
      'HANDSHAKE_STATE HANDSHAKE_STATE: handshake already failed',
    );
  });

  test('without an onEvent callback, handshakes complete and failures keep their code', () => {
    const quiet = run(makePair({ onEvent: undefined }, { onEvent: undefined }));
    expect([quiet.initiator.isComplete, quiet.responder.isComplete]).toStrictEqual([true, true]);
    const refused = makePair({ scope: 'admin', onEvent: undefined }, { onEvent: undefined });
    expect(errorOf(() => run(refused))).toStrictEqual({
      code: 'PEER_REJECTED',
      field: 'policy',
      offset: undefined,
    });
  });

  test('an exception thrown by the policy callback fails the handshake as MALFORMED_MESSAGE with its text', () => {
    const p = makePair(
      {},
      {
        policy: () => {
          throw new Error('policy store unavailable');
        },
      },
    );
    expect(errorOf(() => run(p))?.code).toBe('MALFORMED_MESSAGE');
    expect(p.responder.isFailed).toBe(true);
    expect(p.events).toStrictEqual([
      expect.objectContaining({
        kind: 'session-rejected',
        role: 'responder',
        code: 'MALFORMED_MESSAGE',
        reason: 'MALFORMED_MESSAGE: policy store unavailable',
      }),
    ]);
  });

  test('a SHA-256 given in primitives is the one mac1 is computed with', () => {
    // a deviant hash on the initiator only: mac1 is the first thing the responder checks
    const deviant = {
      ...SHA256,
      hmac: (k: Uint8Array, d: Uint8Array) => SHA256.hmac(k, d).reverse(),
    };
    const p = makePair({ primitives: { hashes: { SHA256: deviant } } });
    const m1 = p.initiator.writeMessage();
    expect(errorOf(() => p.responder.readMessage(m1))?.code).toBe('BAD_MAC');
    // a primitives object without hashes falls back to the built-in SHA-256
    expect(run(makePair({ primitives: {} }, { primitives: {} })).responder.isComplete).toBe(true);
  });

  test('a responder that accepts only pqXX refuses pqIK with UNSUPPORTED_SUITE at the suite byte', () => {
    const p = makePair({}, { acceptPatterns: ['XX'] });
    expect(errorOf(() => p.responder.readMessage(p.initiator.writeMessage()))).toStrictEqual({
      code: 'UNSUPPORTED_SUITE',
      field: 'suite',
      offset: 2,
    });
    const xx = run(makePair({ responderStaticPublicKey: undefined }, { acceptPatterns: ['XX'] }));
    expect(xx.responder.isComplete).toBe(true);
  });

  test('EKS key errors name the key id: unknown at offset 4, required at offset 3', () => {
    const unknown = makePair({ eks }, {});
    expect(
      errorOf(() => unknown.responder.readMessage(unknown.initiator.writeMessage())),
    ).toStrictEqual({
      code: 'EKS_KEY_UNKNOWN',
      field: 'eksKeyId',
      offset: 4,
    });
    const required = makePair({}, { requireEks: true, eksKeys });
    expect(
      errorOf(() => required.responder.readMessage(required.initiator.writeMessage())),
    ).toStrictEqual({
      code: 'EKS_KEY_REQUIRED',
      field: 'eksKeyId',
      offset: 3,
    });
    // requireEks: false (or absent) lets a session without a key through
    expect(run(makePair({}, { requireEks: false, eksKeys })).responder.isComplete).toBe(true);
  });

  test('a bad mac1 names the mac1 field at its offset', () => {
    const p = makePair();
    const m1 = p.initiator.writeMessage();
    m1[m1.length - 32] = (m1[m1.length - 32] as number) ^ 1;
    expect(errorOf(() => p.responder.readMessage(m1))).toStrictEqual({
      code: 'BAD_MAC',
      field: 'mac1',
      offset: m1.length - 32,
    });
  });

  test('session-rejected names role, code, scope and suite once they are known', () => {
    const p = makePair({ scope: 'admin' });
    expect(errorOf(() => run(p))?.code).toBe('PEER_REJECTED');
    expect(p.events).toStrictEqual([
      {
        kind: 'session-rejected',
        role: 'responder',
        at: NOW,
        code: 'PEER_REJECTED',
        reason: (p.events[0] as SessionRejectedEvent).reason,
        peer: quidOf(agent),
        scope: 'admin',
        suite: 'Noise_pqIK_XWing_ChaChaPoly_SHA256',
      },
    ]);
    expect((p.events[0] as SessionRejectedEvent).reason).toMatch(/^PEER_REJECTED: /);
  });

  test('applyCookieReply is HANDSHAKE_STATE on a responder that has read message 1, and after pqXX message 2', () => {
    const p = makePair();
    p.responder.readMessage(p.initiator.writeMessage());
    expect(errorOf(() => p.responder.applyCookieReply(new Uint8Array(57)))?.code).toBe(
      'HANDSHAKE_STATE',
    );
    const xx = makePair({ responderStaticPublicKey: undefined });
    xx.responder.readMessage(xx.initiator.writeMessage());
    xx.initiator.readMessage(xx.responder.writeMessage());
    expect(xx.initiator.wantsWrite).toBe(true);
    expect(errorOf(() => xx.initiator.applyCookieReply(new Uint8Array(57)))?.code).toBe(
      'HANDSHAKE_STATE',
    );
  });

  test('applyCookieReply is HANDSHAKE_STATE on a responder and once message 2 has arrived', () => {
    const p = makePair();
    expect(errorOf(() => p.responder.applyCookieReply(new Uint8Array(57)))?.code).toBe(
      'HANDSHAKE_STATE',
    );
    expect(errorOf(() => p.initiator.applyCookieReply(new Uint8Array(57)))?.code).toBe(
      'HANDSHAKE_STATE',
    );
    p.responder.readMessage(p.initiator.writeMessage());
    p.initiator.readMessage(p.responder.writeMessage());
    expect(errorOf(() => p.initiator.applyCookieReply(new Uint8Array(57)))?.code).toBe(
      'HANDSHAKE_STATE',
    );
  });
});
