/**
 * The fixed world of the adversarial campaign: two nodes, one vendor root, fixed clock and
 * fixed random seeds, so every handshake message and record is the same on every run and in
 * every worker. Receivers are rebuilt from scratch for each input (a handshake object that
 * rejected a message is failed for good), replaying only their own side of the transcript.
 */
import {
  CookieGuard,
  createInitiator,
  createResponder,
  type PqHandshake,
  type RecordOptions,
  type SecureSession,
  seededRandom,
  VerificationCache,
} from '../src/index.js';
import { nodeHashes, nodePrimitives } from '../src/native-crypto.js';
import { agent, agentPolicy, NOW, qan, qanPolicy, roots, seed } from '../test/fixtures.js';

export type Pattern = 'pqIK' | 'pqXX';
export const PATTERNS: readonly Pattern[] = ['pqIK', 'pqXX'];
export { NOW };

/** Source address of the initiator as the cookie guard sees it (IPv4 + port). */
export const SOURCE = Uint8Array.of(192, 0, 2, 7, 0x1f, 0x90);
const cache = new VerificationCache();

export function initiator(pattern: Pattern, record?: RecordOptions): PqHandshake {
  return createInitiator({
    identity: agent,
    trustRoots: roots,
    policy: agentPolicy,
    now: NOW,
    scope: 'jobs',
    ...(pattern === 'pqIK' ? { responderStaticPublicKey: qan.staticKey.publicKey } : {}),
    random: seededRandom(seed(7)),
    primitives: nodePrimitives,
    verificationCache: cache,
    record,
  });
}

export function responder(record?: RecordOptions, randomSeed = 107): PqHandshake {
  return createResponder({
    identity: qan,
    trustRoots: roots,
    policy: qanPolicy,
    now: NOW,
    random: seededRandom(seed(randomSeed)),
    primitives: nodePrimitives,
    verificationCache: cache,
    record,
  });
}

export function cookieGuard(): CookieGuard {
  return new CookieGuard({
    responderStaticPublicKey: qan.staticKey.publicKey,
    secret: seed(0x5c),
    random: seededRandom(seed(0x5d)),
    hash: nodeHashes.SHA256,
  });
}

export interface Transcript {
  readonly pattern: Pattern;
  /** Handshake messages in order (message 1 first). */
  readonly messages: readonly Uint8Array[];
  /** The receiver's running handshake hash right after it read message k untouched. */
  readonly hashAfter: readonly Uint8Array[];
}

const transcripts = new Map<Pattern, Transcript>();

/** The untouched handshake of `pattern` (computed once per process). */
export function transcript(pattern: Pattern): Transcript {
  const known = transcripts.get(pattern);
  if (known !== undefined) return known;
  const i = initiator(pattern);
  const r = responder();
  const messages: Uint8Array[] = [];
  const hashAfter: Uint8Array[] = [];
  let [w, rd] = [i, r];
  while (!(i.isComplete && r.isComplete)) {
    const m = w.writeMessage();
    messages.push(m);
    rd.readMessage(m);
    hashAfter.push((rd.handshakeHash as Uint8Array).slice());
    [w, rd] = [rd, w];
  }
  const t = { pattern, messages, hashAfter };
  transcripts.set(pattern, t);
  return t;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A fresh receiver of message `k` (0-based) of `pattern`: it has written its own messages and
 * read the peer's untouched ones before k. Checks that its own messages match the transcript.
 */
export function receiverOf(pattern: Pattern, k: number): PqHandshake {
  const t = transcript(pattern);
  const receiverIsResponder = k % 2 === 0;
  const hs = receiverIsResponder ? responder() : initiator(pattern);
  for (let j = 0; j < k; j++) {
    const mine = (j % 2 === 0) !== receiverIsResponder;
    if (mine) {
      const m = hs.writeMessage();
      if (!sameBytes(m, t.messages[j] as Uint8Array)) throw new Error(`transcript drift at ${j}`);
    } else hs.readMessage(t.messages[j] as Uint8Array);
  }
  return hs;
}

export interface SessionPair {
  readonly sender: SecureSession;
  readonly receiver: SecureSession;
}

/** A finished pqIK session in `mode`: the initiator sends, the responder receives. */
export function sessionPair(record: RecordOptions): SessionPair {
  const i = initiator('pqIK', record);
  const r = responder(record);
  r.readMessage(i.writeMessage());
  i.readMessage(r.writeMessage());
  return { sender: i.split(), receiver: r.split() };
}

export { sameBytes };
