import {
  type AeadProvider,
  allowListPolicy,
  createInitiator,
  createResponder,
  HandshakeState,
  nobleAead,
  type PrimitiveSet,
  parseProtocolName,
  type SessionPattern,
  seededRandom,
  trustRoots,
  XWING,
} from '@qcos/pq-transport';
import {
  bytesField,
  field,
  hexToBytes,
  isArray,
  isObject,
  isString,
  type PackageAdapter,
  VectorInputError,
} from '../adapter.js';

const hexField = (o: Record<string, unknown>, name: string): Uint8Array | undefined => {
  const v = o[name];
  if (v === undefined) return undefined;
  if (!isString(v)) throw new VectorInputError(`field "${name}" must be hex`);
  return hexToBytes(v);
};

/** Builds one side of a Noise vector: static/ephemeral private keys become key pairs. */
function party(
  protocol: string,
  o: Record<string, unknown>,
  initiator: boolean,
  aead: AeadProvider,
) {
  const parsed = parseProtocolName(protocol, { aead });
  if (parsed.keyAgreement.kind !== 'dh') throw new VectorInputError('Noise vectors use DH');
  const dh = parsed.keyAgreement.dh;
  const s = hexField(o, 'static');
  const e = hexField(o, 'ephemeral');
  const psks = o.psks === undefined ? [] : (o.psks as unknown[]).map((p) => hexToBytes(String(p)));
  return new HandshakeState({
    protocol: parsed,
    initiator,
    prologue: hexField(o, 'prologue'),
    staticKeyPair: s && dh.keyPairFromSecret(s),
    ephemeralKeyPair: e && dh.keyPairFromSecret(e),
    remoteStaticPublicKey: hexField(o, 'remoteStatic'),
    psks,
  });
}

/**
 * Runs both parties of a Noise vector: handshake messages then transport messages,
 * alternating (one-way patterns: initiator only). Each ciphertext is decrypted by the
 * other side and must give back the payload.
 */
function noiseHandshake(input: unknown) {
  const protocol = field(input, 'protocol', isString);
  const ini = field(input, 'initiator', isObject);
  const res = field(input, 'responder', isObject);
  const payloads = field(input, 'payloads', isArray).map((p) => hexToBytes(String(p)));
  const i = party(protocol, ini, true, nobleAead);
  const r = party(protocol, res, false, nobleAead);
  const ciphertexts: Uint8Array[] = [];
  let k = 0;
  for (; k < payloads.length && !i.isComplete; k++) {
    const [w, rd] = k % 2 === 0 ? [i, r] : [r, i];
    const ct = w.writeMessage(payloads[k]);
    rd.readMessage(ct);
    ciphertexts.push(ct);
  }
  const hash = i.handshakeHash;
  if (!r.isComplete) throw new Error('responder did not complete');
  const [i1, i2] = i.split();
  const [r1, r2] = r.split();
  const oneWay = i.protocol.pattern.oneWay;
  for (; k < payloads.length; k++) {
    const fromInitiator = oneWay || k % 2 === 0;
    const [send, recv] = fromInitiator ? [i1, r1] : [r2, i2];
    const ct = send.encryptWithAd(new Uint8Array(0), payloads[k] as Uint8Array);
    recv.decryptWithAd(new Uint8Array(0), ct);
    ciphertexts.push(ct);
  }
  return { handshakeHash: hash, ciphertexts };
}

function xwing(input: unknown) {
  const seed = bytesField(input, 'seed');
  const eseed = bytesField(input, 'eseed');
  const kp = XWING.keyPairFromSeed(seed);
  const enc = XWING.encapsulate(kp.publicKey, eseed);
  const ss = XWING.decapsulate(enc.cipherText, kp);
  if (ss.some((b, j) => b !== enc.sharedSecret[j])) throw new Error('decapsulation disagrees');
  return {
    publicKey: kp.publicKey,
    secretKey: kp.seed,
    cipherText: enc.cipherText,
    sharedSecret: enc.sharedSecret,
  };
}

const isSide = (v: unknown): v is Record<string, string> => isObject(v);

/**
 * Runs one of our PQ handshakes from a vector: both parties' identities (static X-Wing
 * seed, certificate, attestation), their random seeds, the scope, prologue and EKS keys
 * are given; the output is the protocol name, the final handshake hash, every handshake
 * message and the records that follow, all in hex. `primitives` lets the generator
 * compute the expected transcript with other X-Wing and AEAD implementations.
 */
/** Runs a PQ handshake from a vector's input; returns both finished sessions and the wire bytes. */
function runPqSessions(input: unknown, primitives: PrimitiveSet = {}) {
  const pattern = field(input, 'pattern', isString) as SessionPattern;
  const cipher = field(input, 'cipher', isString) as 'ChaChaPoly' | 'AESGCM';
  const scope = field(input, 'scope', isString);
  const now = field(input, 'now', (v): v is number => typeof v === 'number');
  const prologue = bytesField(input, 'prologue');
  const o = input as Record<string, unknown>;
  const responderPrologue = isString(o.responderPrologue)
    ? hexToBytes(o.responderPrologue)
    : prologue;
  const ini = field(input, 'initiator', isSide);
  const res = field(input, 'responder', isSide);
  const roots = trustRoots(field(input, 'trustRoots', isArray).map((h) => hexToBytes(String(h))));
  const kem = primitives.xwing ?? XWING;
  const identity = (s: Record<string, string>) => ({
    staticKey: kem.keyPairFromSeed(hexToBytes(String(s.staticSeed))),
    certificate: hexToBytes(String(s.certificate)),
    attestation: hexToBytes(String(s.attestation)),
  });
  const initiatorId = identity(ini);
  const responderId = identity(res);
  const allowed = isArray(o.allowedScopes) ? o.allowedScopes.map(String) : ['*'];
  const eks = isObject(o.eks) ? o.eks : {};
  const initiatorEks = isObject(eks.initiator)
    ? { keyId: String(eks.initiator.keyId), key: hexToBytes(String(eks.initiator.key)) }
    : undefined;
  const responderKeys = new Map(
    (isArray(eks.responder) ? eks.responder : []).map((k) => {
      const e = k as Record<string, string>;
      return [String(e.keyId), hexToBytes(String(e.key))] as const;
    }),
  );
  const initiator = createInitiator({
    identity: initiatorId,
    trustRoots: roots,
    policy: () => ({ accept: true }),
    now,
    scope,
    cipher,
    prologue,
    primitives,
    random: seededRandom(hexToBytes(String(ini.randomSeed))),
    ...(pattern === 'IK' ? { responderStaticPublicKey: responderId.staticKey.publicKey } : {}),
    ...(initiatorEks ? { eks: initiatorEks } : {}),
  });
  const responder = createResponder({
    identity: responderId,
    trustRoots: roots,
    policy: (r) =>
      allowListPolicy([{ staticPublicKey: r.peer.staticPublicKey, scopes: allowed }])(r),
    now,
    prologue: responderPrologue,
    primitives,
    random: seededRandom(hexToBytes(String(res.randomSeed))),
    eksKeys: (id) => responderKeys.get(id),
  });
  const messages: Uint8Array[] = [];
  let [w, r] = [initiator, responder];
  while (!(initiator.isComplete && responder.isComplete)) {
    const m = w.writeMessage();
    messages.push(m);
    r.readMessage(m);
    [w, r] = [r, w];
  }
  const a = initiator.split();
  const b = responder.split();
  const records = (isArray(o.records) ? o.records : []).map((rec) => {
    const e = rec as Record<string, string>;
    const [send, recv] = e.from === 'responder' ? [b, a] : [a, b];
    const sealed = send.seal(hexToBytes(String(e.data)));
    recv.open(sealed);
    return sealed;
  });
  if (a.info.handshakeHash.some((x, i) => x !== b.info.handshakeHash[i])) {
    throw new Error('the two sides disagree on the handshake hash');
  }
  return { a, b, messages, records };
}

export function runPqHandshake(input: unknown, primitives: PrimitiveSet = {}) {
  const { a, messages, records } = runPqSessions(input, primitives);
  return {
    protocol: a.info.suite,
    handshakeHash: a.info.handshakeHash,
    messages,
    records,
  };
}

/**
 * A PQ handshake, then exporter outputs (spec §4.1) for `exports: [{label, context, length}]`,
 * checked equal on both ends. The output also lists what a passive observer holds (the messages
 * and the handshake hash), next to the secrets it cannot compute from them.
 */
export function runPqExporter(input: unknown, primitives: PrimitiveSet = {}) {
  const { a, b, messages } = runPqSessions(input, primitives);
  const exports = field(input, 'exports', isArray).map((e) => {
    if (!isObject(e)) throw new VectorInputError('each export must be an object');
    const label = field(e, 'label', isString);
    const context = bytesField(e, 'context');
    const length = field(e, 'length', (v): v is number => typeof v === 'number');
    const mine = a.exportSecret(label, context, length);
    const theirs = b.exportSecret(label, context, length);
    if (mine.some((x, i) => x !== theirs[i]))
      throw new Error('the two ends export different secrets');
    return mine;
  });
  return { protocol: a.info.suite, handshakeHash: a.info.handshakeHash, messages, exports };
}

/** Operations of @qcos/pq-transport that vectors in conformance/vectors/pq-transport/ can name. */
export const adapter: PackageAdapter = {
  package: 'pq-transport',
  operations: {
    noiseHandshake,
    xwing,
    pqHandshake: (input) => runPqHandshake(input),
    pqExporter: (input) => runPqExporter(input),
  },
};
