import {
  type AbortReason,
  type AttackExpectation,
  type Bbm92Report,
  binaryEntropy,
  bitsToBytes,
  cascade,
  type DecoyBb84Link,
  type DecoyBb84Report,
  decoyBb84Rates,
  decoyBounds,
  EKS_LINK_SLACK_MS,
  EKS_LINK_TIMING,
  EKS_REPETITION_RATE_HZ,
  EKS_ROUND_PERIOD_LIMITS_MS,
  type EksLink,
  EksLinkClock,
  type EksRoundSide,
  type EntangledLink,
  eksKeyId,
  eksLossReasonOf,
  eksPulsesPerPeriod,
  eksRoundDurationMs,
  eksRoundKeys,
  eksRoundLossReason,
  eksRoundSeed,
  expectedGainAndQber,
  expectedUnderAttack,
  fromBase64,
  GHZ_GATED_TIMING,
  gateModelOf,
  KeyPool,
  type KeyPoolConfig,
  type Lim2014KeyLength,
  type Lim2014Observation,
  type LinkTiming,
  lim2014KeyLength,
  losslessResendClickProb,
  type MaFungLo2007Parameters,
  maFungLo2007,
  openRelayedKey,
  parseDecKeysRequest,
  parseEncKeysRequest,
  plobBound,
  poissonPmf,
  relayKey,
  runBbm92,
  runDecoyBb84,
  runEksRound,
  singlePhotonBb84KeyFraction,
  syncEks,
  timedDecoyRates,
  timeToFillPool,
  toBase64,
  toeplitzHash,
  twoModeBbm92Expectation,
  uuidV4,
  validateLinkTiming,
  Xoshiro128,
} from '@qcos/eks-qkd-sim';
import {
  bytesField,
  field,
  hexToBytes,
  isArray,
  isNumber,
  isObject,
  isString,
  type PackageAdapter,
  VectorInputError,
} from '../adapter.js';

const isAny = (_v: unknown): _v is unknown => true;

/** Bit strings in vectors are written as '0'/'1' characters, bit 0 first. */
function bitsFrom(s: string): Uint8Array {
  if (!/^[01]*$/.test(s)) throw new VectorInputError('bit string must hold only 0 and 1');
  return Uint8Array.from(s, (c) => (c === '1' ? 1 : 0));
}
const bitsTo = (b: Uint8Array) => Array.from(b, (x) => (x ? '1' : '0')).join('');

/** A seed is a safe integer or a hex string of bytes. */
function seedOf(input: unknown): number | Uint8Array {
  const s = (input as Record<string, unknown>)?.['seed'];
  if (typeof s === 'number') return s;
  if (typeof s === 'string') return hexToBytes(s);
  throw new VectorInputError('vector input lacks a numeric or hex seed');
}

/** A RandomBytes that replays the vector's bytes in a cycle, so key_IDs are predictable by hand. */
function replay(hex: string) {
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) throw new VectorInputError('random must not be empty');
  let i = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) out[k] = bytes[i++ % bytes.length]!;
    return out;
  };
}

/** The parts of a run report that vectors pin exactly (NaN-free, JSON-able). */
function bb84Summary(r: DecoyBb84Report) {
  return {
    sent: r.sent,
    detected: r.detected,
    sifted: r.sifted,
    siftedErrors: r.siftedErrors,
    sampleSize: r.sampleSize,
    sampleErrors: r.sampleErrors,
    keyBitsBeforeEc: r.keyBitsBeforeEc,
    leakedBits: r.reconciliation?.leakedBits ?? null,
    secureLength: r.secureLength,
    finalKeyBits: r.finalKeyBits,
    abortReason: r.abortReason ?? null,
  };
}

function bbm92Summary(r: Bbm92Report) {
  return {
    coincidences: r.coincidences,
    sifted: r.sifted,
    testRounds: r.testRounds,
    chsh: r.chsh,
    sampleSize: r.sampleSize,
    sampleErrors: r.sampleErrors,
    leakedBits: r.reconciliation?.leakedBits ?? null,
    finalKeyBits: r.finalKeyBits,
    abortReason: r.abortReason ?? null,
  };
}

/** A finite-key result as JSON: ℓ before rounding is null when it is −∞ (no single-photon bound). */
function lim2014Summary(r: Lim2014KeyLength) {
  return {
    keyLength: r.keyLength,
    unroundedLength: Number.isFinite(r.unroundedLength) ? r.unroundedLength : null,
    sX0: r.sX0,
    sX1: r.sX1,
    sZ0: r.sZ0,
    sZ1: r.sZ1,
    vZ1: r.vZ1,
    gamma: r.gamma,
    phaseErrorX: r.phaseErrorX,
    abortReason: r.abortReason ?? null,
  };
}

/** An expected attack outcome as JSON: no abort is null, as in the run summaries. */
function attackSummary(r: AttackExpectation) {
  return { ...r, abortReason: r.abortReason ?? null };
}

/**
 * The named fields of a result, or all of it when `fields` is absent. A vector has one absolute
 * tolerance, and some results hold figures from 10⁻¹⁰ to 10⁹ (a TimedRates: a background yield
 * and a fast link's bits per second): a vector then names fields of one magnitude, so that its
 * tolerance is a relative one for each.
 */
function selectFields<T extends object>(result: T, fields: unknown): Partial<T> {
  if (fields === undefined) return result;
  if (!Array.isArray(fields)) throw new VectorInputError('fields must be an array of names');
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    if (typeof name !== 'string' || !(name in result)) {
      throw new VectorInputError(`the result has no field "${String(name)}"`);
    }
    out[name] = result[name as keyof T];
  }
  return out as Partial<T>;
}

/** One admission asked of an EKS link clock: a round of `pulses` pulses at wall time `nowMs`. */
interface Admission {
  pulses: number;
  nowMs: number;
}

type PoolStep =
  | { op: 'status' }
  | { op: 'deposit'; key: string }
  | { op: 'enc'; slave: string; number: number; size: number }
  | { op: 'dec'; master: string; keyIds: string[] };

/** Operations of @qcos/eks-qkd-sim that vectors in conformance/vectors/eks-qkd-sim/ can name. */
export const adapter: PackageAdapter = {
  package: 'eks-qkd-sim',
  operations: {
    'prng.xoshiro128': (input) => {
      const state = field(input, 'state', isArray) as number[];
      const count = field(input, 'count', isNumber);
      const g = Xoshiro128.fromState(state[0]!, state[1]!, state[2]!, state[3]!);
      return Array.from({ length: count }, () => g.nextU32());
    },
    'samplers.poissonPmf': (input) =>
      Array.from(poissonPmf(field(input, 'mean', isNumber), field(input, 'nMax', isNumber))),
    'entropy.binary': (input) => binaryEntropy(field(input, 'e', isNumber)),
    'analytic.plob': (input) => plobBound(field(input, 'eta', isNumber)),
    'analytic.singlePhotonKeyFraction': (input) =>
      singlePhotonBb84KeyFraction(field(input, 'e', isNumber), field(input, 'f', isNumber)),
    'analytic.gainAndQber': (input) =>
      expectedGainAndQber(
        field(input, 'mean', isNumber),
        field(input, 'fibre', isObject) as never,
        field(input, 'detector', isObject) as never,
        field(input, 'interceptFraction', isNumber),
      ),
    /** `model` ({keyRate, darkCounts}) is optional: without it the default model. */
    'analytic.decoyBb84Rates': (input) =>
      decoyBb84Rates(
        field(input, 'link', isObject) as unknown as DecoyBb84Link,
        field(input, 'f', isNumber),
        (input as Record<string, unknown>)['model'] as never,
      ),
    /** `model` ({keyRate, darkCounts}) and `fields` (names of the result to keep) are optional. */
    'analytic.timedDecoyRates': (input) => {
      const rates = timedDecoyRates(
        field(input, 'link', isObject) as unknown as DecoyBb84Link,
        field(input, 'timing', isObject) as unknown as LinkTiming,
        field(input, 'f', isNumber),
        (input as Record<string, unknown>)['model'] as never,
      );
      return selectFields(rates, (input as Record<string, unknown>)['fields']);
    },
    /** A timing checked as the model admits it (validateLinkTiming), then its per-slot model. */
    'timing.gateModel': (input) => {
      const timing = field(input, 'timing', isObject) as unknown as LinkTiming;
      validateLinkTiming(timing);
      return gateModelOf(timing);
    },
    'timing.ghzGated': () => GHZ_GATED_TIMING,
    /** Seconds to fill a pool; null for a link that yields no key (∞ is not JSON). */
    'timing.timeToFillPool': (input) => {
      const s = timeToFillPool(
        field(input, 'bits', isNumber),
        field(input, 'bitsPerSecond', isNumber),
      );
      return Number.isFinite(s) ? s : null;
    },
    'eksLink.constants': () => ({
      repetitionRateHz: EKS_REPETITION_RATE_HZ,
      timing: EKS_LINK_TIMING,
      roundPeriodLimitsMs: EKS_ROUND_PERIOD_LIMITS_MS,
      slackMs: EKS_LINK_SLACK_MS,
    }),
    /** `periodMs` goes to the package as it is, so that a period of the wrong type is its refusal. */
    'eksLink.pulsesPerPeriod': (input) =>
      eksPulsesPerPeriod(field(input, 'periodMs', isAny) as number),
    'eksLink.roundDurationMs': (input) => eksRoundDurationMs(field(input, 'pulses', isNumber)),
    /**
     * A clock opened at `startMs`, asked to admit each round in turn: its answers, and the link
     * time it admitted.
     */
    'eksLink.clock': (input) => {
      const clock = new EksLinkClock(field(input, 'startMs', isNumber));
      const admissions = field(input, 'admissions', isArray) as Admission[];
      const admitted = admissions.map((a) => clock.admit(a.pulses, a.nowMs));
      return { admitted, admittedMs: clock.admittedMs };
    },
    /** `f` and `qberThreshold` are optional (the package's defaults 1 and 0.11). */
    'attack.expected': (input) => {
      const i = input as Record<string, unknown>;
      return attackSummary(
        expectedUnderAttack(
          field(input, 'link', isObject) as unknown as DecoyBb84Link,
          i['f'] as number | undefined,
          i['qberThreshold'] as number | undefined,
        ),
      );
    },
    'attack.losslessResendClickProb': (input) =>
      losslessResendClickProb(field(input, 'link', isObject) as unknown as DecoyBb84Link),
    'bbm92.twoModeExpectation': (input) =>
      twoModeBbm92Expectation(
        field(input, 'link', isObject) as unknown as EntangledLink,
        field(input, 'f', isNumber),
      ),
    /** `fields` (names of the result to keep) is optional. */
    'bbm92.maFungLo2007': (input) =>
      selectFields(
        maFungLo2007(field(input, 'parameters', isAny) as MaFungLo2007Parameters),
        (input as Record<string, unknown>)['fields'],
      ),
    'decoy.bounds': (input) => decoyBounds(field(input, 'observation', isObject) as never),
    'finiteKey.lim2014KeyLength': (input) =>
      lim2014Summary(
        lim2014KeyLength(field(input, 'observation', isObject) as unknown as Lim2014Observation),
      ),
    'toeplitz.hash': (input) =>
      bitsTo(
        toeplitzHash(
          bitsFrom(field(input, 'input', isString)),
          bitsFrom(field(input, 'seed', isString)),
          field(input, 'outputBits', isNumber),
        ),
      ),
    'cascade.reconcile': (input) => {
      const alice = bitsFrom(field(input, 'alice', isString));
      const bob = bitsFrom(field(input, 'bob', isString));
      const out = cascade(
        alice,
        bob,
        field(input, 'qberEstimate', isNumber),
        new Xoshiro128(seedOf(input)),
      );
      return {
        corrected: bitsTo(out.corrected),
        leakedBits: out.leakedBits,
        correctedErrors: out.correctedErrors,
        passes: out.passes,
      };
    },
    'bb84.run': (input) => {
      const out = runDecoyBb84({
        link: field(input, 'link', isObject) as unknown as DecoyBb84Link,
        pulses: field(input, 'pulses', isNumber),
        seed: seedOf(input),
        options: (input as Record<string, unknown>)['options'] ?? {},
      });
      return { aliceKey: out.aliceKey, bobKey: out.bobKey, report: bb84Summary(out.report) };
    },
    'bbm92.run': (input) => {
      const out = runBbm92({
        link: field(input, 'link', isObject) as unknown as EntangledLink,
        pulses: field(input, 'pulses', isNumber),
        seed: seedOf(input),
      });
      return { aliceKey: out.aliceKey, bobKey: out.bobKey, report: bbm92Summary(out.report) };
    },
    'codec.base64Encode': (input) => toBase64(bytesField(input, 'hex')),
    'codec.base64Decode': (input) => fromBase64(field(input, 'text', isString)),
    'codec.uuidV4': (input) => uuidV4(bytesField(input, 'random')),
    'bits.toBytes': (input) => bitsToBytes(bitsFrom(field(input, 'bits', isString))),
    'pool.scenario': (input) => {
      const config = field(input, 'config', isObject) as unknown as KeyPoolConfig;
      const pool = new KeyPool(config, replay(field(input, 'random', isString)));
      const steps = field(input, 'steps', isArray) as PoolStep[];
      return steps.map((s) => {
        switch (s.op) {
          case 'status':
            return pool.status();
          case 'deposit':
            return pool.deposit(hexToBytes(s.key));
          case 'enc':
            return pool.encKeys(s.slave, { number: s.number, size: s.size });
          case 'dec':
            return pool.decKeys(s.master, { keyIds: s.keyIds });
          default:
            throw new VectorInputError('unknown pool step');
        }
      });
    },
    'pool.parseEncKeysRequest': (input) =>
      parseEncKeysRequest(field(input, 'body', isAny), field(input, 'defaultSize', isNumber)),
    'pool.parseDecKeysRequest': (input) => parseDecKeysRequest(field(input, 'body', isAny)),
    'eks.lossReason': (input) =>
      eksLossReasonOf(field(input, 'abortReason', isString) as AbortReason),
    'eks.sync': (input) => {
      const config = field(input, 'config', isObject) as unknown as KeyPoolConfig;
      const pool = new KeyPool(config, replay('00'));
      const sessions = field(input, 'sessions', isArray) as {
        key: string;
        abortReason?: AbortReason;
        nowMs: number;
      }[];
      let status: ReturnType<typeof syncEks> | undefined;
      const out: unknown[] = [];
      for (const s of sessions) {
        status = syncEks({
          pool,
          ...(status ? { previous: status } : {}),
          key: hexToBytes(s.key),
          ...(s.abortReason ? { abortReason: s.abortReason } : {}),
          nowMs: s.nowMs,
        });
        out.push(status);
      }
      return out;
    },
    'eksRound.seed': (input) =>
      eksRoundSeed(
        hexToBytes(field(input, 'sessionBinding', isString)),
        field(input, 'round', isNumber),
      ),
    'eksRound.keyId': (input) =>
      eksKeyId(hexToBytes(field(input, 'seed', isString)), field(input, 'index', isNumber)),
    /** One round of a session as one end runs it: the named keys it keeps, or the loss reason. */
    'eksRound.run': (input) => {
      const seed = eksRoundSeed(
        hexToBytes(field(input, 'sessionBinding', isString)),
        field(input, 'round', isNumber),
      );
      const link = field(input, 'link', isObject) as unknown as EksLink;
      const side = field(input, 'side', isString) as EksRoundSide;
      const outcome = runEksRound(seed, link, side);
      return outcome.ok
        ? { ok: true, qber: outcome.qber, keys: eksRoundKeys(seed, outcome.key) }
        : outcome;
    },
    'eksRound.lossReason': (input) =>
      eksRoundLossReason(
        field(input, 'abortReason', isString) as AbortReason,
        field(input, 'qberEstimate', isNumber),
        field(input, 'link', isObject) as unknown as EksLink,
      ),
    'relay.key': (input) => {
      const hops = (field(input, 'hopKeys', isArray) as string[]).map(hexToBytes);
      const r = relayKey(hops);
      return { aliceKey: r.aliceKey, bobKey: r.bobKey, announcements: r.announcements };
    },
    /** {lastHopKey, announcements} → K_0 = K_(h−1) ⊕ M_1 ⊕ … (hex). */
    'relay.open': (input) =>
      openRelayedKey(
        bytesField(input, 'lastHopKey'),
        (field(input, 'announcements', isArray) as string[]).map(hexToBytes),
      ),
    /** {operation, input} → {code, field} of the refusal (see `refusal` below). */
    refusal,
  },
};

/**
 * {operation, input} → {code, field} of the QkdError that the named operation of this adapter
 * throws: a vector's `error` holds only the code, and a refusal must also name the parameter.
 * An operation that succeeds, or throws without a code and a field, fails the vector.
 */
async function refusal(input: unknown) {
  const name = field(input, 'operation', isString);
  const op = adapter.operations[name];
  if (!op || name === 'refusal') throw new VectorInputError(`no operation "${name}" to refuse`);
  try {
    await op(field(input, 'input', isAny));
  } catch (e) {
    const { code, field: named } = e as { code?: unknown; field?: unknown };
    if (typeof code === 'string' && typeof named === 'string') return { code, field: named };
    throw e;
  }
  throw new VectorInputError(`${name} succeeded, expected a refusal`);
}
