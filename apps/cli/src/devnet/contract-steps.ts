import type { ContractView, QanApiClient } from '@qcos/qan-api';
import type { DevnetNetwork } from './network.js';
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

/** The participants of the devnet's coherence window: two direct nodes and one behind the relay. */
const WINDOW_NODES = ['rigel', 'sirius', 'vega'];

/** The window contract the two window steps share (the second rolls it back). */
let windowId = 0;

/** The contract once every participant reported `step` for it. */
function windowSteps(api: QanApiClient, id: number, step: string, who: readonly string[]) {
  return waitFor(
    `${who.join(', ')} ${step} in window ${id}`,
    async () => {
      const c = await api.getContract({ params: { contractId: id } });
      const steps = c.windowSteps ?? [];
      return who.every((a) => steps.some((s) => s.alias === a && s.step === step)) ? c : undefined;
    },
    20_000,
  );
}

const windowActivated = (api: QanApiClient): Step => ({
  name: 'coherence window across rigel, sirius and vega: activated and logged on each',
  run: async () => {
    const startMs = Date.now() + 2_000;
    const requested = await api.requestContract({
      body: {
        kind: 'WINDOW',
        scopes: ['eu-west', 'us-east'],
        participants: WINDOW_NODES,
        slots: 1,
        startMs,
        endMs: startMs + 120_000,
        window: { lengthMs: 5_000, toleranceMrad: 100, clockDomain: 'gps' },
      },
    });
    if (requested.state !== 'RESERVED')
      throw new Error(`window ${requested.state} ${requested.reason}`);
    windowId = requested.id;
    // Each participant checks its phase reference (READY); the last READY activates the window.
    const c = await windowSteps(api, windowId, 'ACTIVE', WINDOW_NODES);
    const steps = c.windowSteps ?? [];
    if (steps.some((s) => s.activatedL !== c.activatedL))
      throw new Error(
        `activation logged at ${steps.map((s) => s.activatedL).join(', ')}, not ${c.activatedL}`,
      );
    const errors = steps.map((s) => `${s.alias} ${s.phaseErrorMrad} mrad`).join(', ');
    return `contract ${windowId} ACTIVE at L ${c.activatedL}, logged ACTIVE on each (phase error ${errors})`;
  },
});

const windowRolledBack = (net: DevnetNetwork, api: QanApiClient, recoverMs: number): Step => ({
  name: 'sirius killed mid-window → window revoked, every participant rolled back',
  run: async () => {
    await net.killAgent('sirius');
    const revoked = await waitFor(
      `window ${windowId} revoked`,
      async () => {
        const c = await api.getContract({ params: { contractId: windowId } });
        return c.state === 'REVOKED' ? c : undefined;
      },
      20_000,
    );
    const rest = WINDOW_NODES.filter((a) => a !== 'sirius');
    await windowSteps(api, windowId, 'TERMINATED', rest);
    for (const alias of WINDOW_NODES) {
      const held = await api.nodeReservations({ params: { alias } });
      if (held.reservations.some((r) => r.contractId === windowId))
        throw new Error(`${alias} still holds window ${windowId}`);
    }
    const sirius = net.topology.nodes.find((n) => n.alias === 'sirius');
    if (sirius === undefined) throw new Error('sirius not in the topology');
    await net.startAgent(sirius);
    await waitFor(
      'sirius ACTIVE again',
      async () =>
        (await api.getNode({ params: { alias: 'sirius' } })).status === 'ACTIVE' ? true : undefined,
      recoverMs,
    );
    return `contract ${windowId} REVOKED (${revoked.reason} at ${revoked.alias}); ${rest.join(' and ')} TERMINATED; no participant holds it; sirius back ACTIVE`;
  },
});

/** The resource-contract steps of the devnet scenario (docs/spec/contracts.md). */
export function contractSteps(net: DevnetNetwork, api: QanApiClient, recoverMs: number): Step[] {
  return [
    slotConflict(api),
    distributedChsh(api),
    teleportation(api),
    windowActivated(api),
    windowRolledBack(net, api, recoverMs),
  ];
}
