import type { ContractView, QanApiClient } from '@qcos/qan-api';
import { waitFor } from './wait.js';

type Step = { readonly name: string; readonly run: () => Promise<string> };

/** A coherence window over rigel and sirius holding both of each one's memory slots. */
function bothSlotsOfRigelAndSirius(startsInMs: number) {
  const startMs = Date.now() + startsInMs;
  return {
    kind: 'WINDOW' as const,
    scopes: ['eu-west'],
    participants: ['rigel', 'sirius'],
    slots: 2,
    startMs,
    endMs: startMs + 60_000,
    window: { lengthMs: 1_000, toleranceMrad: 100, clockDomain: 'gps' },
  };
}

const slotConflict = (api: QanApiClient): Step => ({
  name: 'two concurrent requests for the same slots: exactly one reserved, the other rejected (SLOT_CONFLICT)',
  run: async () => {
    // The QANs advertise each node's resources once it is registered.
    await waitFor(
      'rigel and sirius advertised',
      async () => {
        const lists = await Promise.all(
          ['rigel', 'sirius'].map((alias) => api.nodeReservations({ params: { alias } })),
        );
        return lists.every((l) => l.memorySlots === 2) ? true : undefined;
      },
      20_000,
    );
    const views: ContractView[] = await Promise.all([
      api.requestContract({ body: bothSlotsOfRigelAndSirius(60_000) }),
      api.requestContract({ body: bothSlotsOfRigelAndSirius(90_000) }),
    ]);
    const reserved = views.filter((v) => v.state === 'RESERVED');
    const rejected = views.filter((v) => v.state === 'REJECTED');
    const [winner, loser] = [reserved[0], rejected[0]];
    if (winner === undefined || loser === undefined || views.length !== 2)
      throw new Error(`states ${views.map((v) => v.state).join(', ')}`);
    if (loser.reason !== 'SLOT_CONFLICT' || loser.conflict !== winner.id)
      throw new Error(`contract ${loser.id} rejected ${loser.reason} (conflict ${loser.conflict})`);
    const held = await api.nodeReservations({ params: { alias: 'rigel' } });
    const slots = held.reservations.find((r) => r.contractId === winner.id)?.slots ?? [];
    const released = await api.cancelContract({ params: { contractId: winner.id } });
    return `contract ${winner.id} RESERVED (rigel slots ${slots.join(', ')}); contract ${loser.id} REJECTED ${loser.reason} with ${loser.conflict} at ${loser.alias}; ${winner.id} then ${released.state} ${released.reason}`;
  },
});

/** Pairs of the devnet's CHSH run: a standard error of about 0.03 on S. */
const CHSH_PAIRS = 10_000;

/** A link contract between rigel and sirius starting in 2 s, once its QAN has made it ACTIVE. */
async function activeLink(api: QanApiClient, type: 'M' | 'K', pairs: number): Promise<number> {
  const startMs = Date.now() + 2_000;
  const contract = await api.requestContract({
    body: {
      kind: 'LINK',
      scopes: ['eu-west'],
      participants: ['rigel', 'sirius'],
      slots: 1,
      startMs,
      endMs: startMs + 120_000,
      link: {
        pairs,
        minFidelityPpm: 900_000,
        type,
        priority: 1,
        bases: type === 'M' ? ['X', 'Z'] : [],
      },
    },
  });
  if (contract.state !== 'RESERVED')
    throw new Error(`contract ${contract.state} ${contract.reason}`);
  // Its QAN reports both attested participants ready; a run waits for the start.
  await waitFor(
    `contract ${contract.id} ACTIVE and started`,
    async () => {
      const c = await api.getContract({ params: { contractId: contract.id } });
      return c.state === 'ACTIVE' && Date.now() >= startMs ? c : undefined;
    },
    20_000,
  );
  return contract.id;
}

/** Fails unless `value` is within 4.5 standard errors of `expected`; returns how many it is off. */
function within(value: number, expected: number, standardError: number, what: string): number {
  const off = Math.abs(value - expected) / standardError;
  if (!(off < 4.5)) throw new Error(`${what} ${value} ± ${standardError}, expected ${expected}`);
  return off;
}

const distributedChsh = (api: QanApiClient): Step => ({
  name: 'distributed CHSH test between rigel and sirius over a link contract',
  run: async () => {
    const contractId = await activeLink(api, 'M', CHSH_PAIRS);
    const run = await api.runContract({
      params: { contractId },
      body: { use: 'CHSH', pairs: CHSH_PAIRS },
    });
    const chsh = run.chsh;
    if (chsh === undefined || !(chsh.s > 2))
      throw new Error(`no violation: ${JSON.stringify(chsh)}`);
    const off = within(chsh.s, chsh.expectedS, chsh.standardError, 'S');
    await api.cancelContract({ params: { contractId } });
    return `S = ${chsh.s.toFixed(3)} ± ${chsh.standardError.toFixed(3)} over ${run.pairs} pairs (expected 2√2·(4F − 1)/3 = ${chsh.expectedS.toFixed(3)} at F = ${run.fidelity.toFixed(4)}; ${off.toFixed(1)} σ off)`;
  },
});

const teleportation = (api: QanApiClient): Step => ({
  name: 'teleportation from rigel to sirius over a create-and-keep link contract',
  run: async () => {
    const contractId = await activeLink(api, 'K', CHSH_PAIRS);
    // The state θ = 1.1, φ = 0.4 rad; the bits travel rigel → QAN → sirius as MEASUREMENT_RESULT.
    const state = { thetaUrad: 1_100_000, phiUrad: 400_000 };
    const run = await api.runContract({
      params: { contractId },
      body: { use: 'TELEPORT', pairs: CHSH_PAIRS, state },
    });
    const t = run.teleport;
    if (t === undefined) throw new Error('no teleportation result');
    const off = within(t.passRate, t.expected, t.standardError, 'fidelity');
    await api.cancelContract({ params: { contractId } });
    return `fidelity ${t.passRate.toFixed(4)} ± ${t.standardError.toFixed(4)} over ${run.pairs} pairs (expected (2F + 1)/3 = ${t.expected.toFixed(4)} at F = ${run.fidelity.toFixed(4)}; ${off.toFixed(1)} σ off)`;
  },
});

/** The resource-contract steps of the devnet scenario (docs/spec/contracts.md). */
export function contractSteps(api: QanApiClient): Step[] {
  return [slotConflict(api), distributedChsh(api), teleportation(api)];
}
