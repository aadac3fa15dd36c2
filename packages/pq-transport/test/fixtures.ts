import { hybridKeyFromSeed } from '@qcos/identity';
import {
  allowListPolicy,
  createInitiator,
  createNodeIdentity,
  createResponder,
  type InitiatorOptions,
  identityQuid,
  issueAttestation,
  type NodeIdentity,
  type PqHandshake,
  type ResponderOptions,
  type SessionEvent,
  seededRandom,
  trustRoots,
  XWING,
} from '../src/index.js';

/** 2026-11-21T00:00:00Z */
export const NOW = 1_795_219_200_000;
const DAY = 86_400_000;

export const seed = (b: number) => new Uint8Array(32).fill(b);
export const vendorRoot = hybridKeyFromSeed(seed(0xa0));
export const otherRoot = hybridKeyFromSeed(seed(0xa1));
export const roots = trustRoots([vendorRoot.publicKey]);

export function makeNode(
  subject: string,
  b: number,
  o: { root?: typeof vendorRoot; hardwareId?: Uint8Array; validUntil?: number } = {},
): NodeIdentity {
  const staticKey = XWING.keyPairFromSeed(seed(b));
  const signingKey = hybridKeyFromSeed(seed(b + 1));
  const attestation = issueAttestation(o.root ?? vendorRoot, {
    hardwareId: o.hardwareId ?? new TextEncoder().encode(`hw-${subject}`),
    measurements: [new Uint8Array(32).fill(b), new Uint8Array(48).fill(b + 2)],
    staticPublicKey: staticKey.publicKey,
    signingPublicKey: signingKey.publicKey,
    validFrom: NOW - DAY,
    validUntil: o.validUntil ?? NOW + 365 * DAY,
  });
  return createNodeIdentity({
    subject,
    staticKey,
    signingKey,
    validFrom: NOW - DAY,
    validUntil: NOW + 365 * DAY,
    attestation,
  });
}

export const agent = makeNode('rigel', 0x10);
export const qan = makeNode('qan-eu-west', 0x20);
export const stranger = makeNode('mallory', 0x30);

export const quidOf = (n: NodeIdentity) => identityQuid(n);

/** QAN accepts the agent for "jobs" and "heartbeat"; the agent accepts the QAN for anything. */
export const qanPolicy = allowListPolicy([{ quid: quidOf(agent), scopes: ['jobs', 'heartbeat'] }]);
export const agentPolicy = allowListPolicy([{ quid: quidOf(qan), scopes: ['*'] }]);

export interface Pair {
  initiator: PqHandshake;
  responder: PqHandshake;
  events: SessionEvent[];
  transcript: Uint8Array[];
}

export function makePair(
  i: Partial<InitiatorOptions> = {},
  r: Partial<ResponderOptions> = {},
  randomSeed = 7,
): Pair {
  const events: SessionEvent[] = [];
  const initiator = createInitiator({
    identity: agent,
    trustRoots: roots,
    policy: agentPolicy,
    now: NOW,
    scope: 'jobs',
    responderStaticPublicKey: qan.staticKey.publicKey,
    random: seededRandom(seed(randomSeed)),
    onEvent: (e) => events.push(e),
    ...i,
  });
  const responder = createResponder({
    identity: qan,
    trustRoots: roots,
    policy: qanPolicy,
    now: NOW,
    random: seededRandom(seed(randomSeed + 100)),
    onEvent: (e) => events.push(e),
    ...r,
  });
  return { initiator, responder, events, transcript: [] };
}

/** Runs the handshake to the end, recording every message. */
export function run(p: Pair): Pair {
  let [w, rd] = [p.initiator, p.responder];
  while (!(p.initiator.isComplete && p.responder.isComplete)) {
    const m = w.writeMessage();
    p.transcript.push(m);
    rd.readMessage(m);
    if (!rd.wantsWrite) break;
    [w, rd] = [rd, w];
  }
  return p;
}
