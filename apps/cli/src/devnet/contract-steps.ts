import type { ContractView, QanApiClient } from '@qcos/qan-api';
import type { DevnetNetwork } from './network.js';
import { waitFor } from './wait.js';

type Step = { readonly name: string; readonly run: () => Promise<string> };

/** Where the contract steps run: which QAN each call goes to, which nodes a link joins. */
export interface ContractStage {
  /** The two QANs that take the two concurrent requests (one QAN twice on the embedded default). */
  readonly racers: readonly [QanApiClient, QanApiClient];
  /** The two nodes whose slots both requests want. */
  readonly conflict: readonly [string, string];
  /** The participants of the coherence window, and the one killed mid-window. */
  readonly window: readonly string[];
  readonly victim: string;
  /** The QAN link contracts are requested at and run by: both ends have sessions with it. */
  readonly linkQan: QanApiClient;
  /** The two ends of the link contracts, sender first, and their scope. */
  readonly link: readonly [string, string];
  readonly linkScope: string;
  /** The QAN each window participant reports to: its home QAN. */
  readonly homeOf: (alias: string) => QanApiClient;
  /** Every QAN of the network (each must see a restarted node ACTIVE again). */
  readonly everyQan: readonly QanApiClient[];
}

/** A coherence window over `nodes` holding both of each one's memory slots. */
function bothSlotsOf(nodes: readonly string[], startsInMs: number) {
  const startMs = Date.now() + startsInMs;
  return {
    kind: 'WINDOW' as const,
    scopes: ['eu-west', 'us-east'],
    participants: [...nodes],
    slots: 2,
    startMs,
    endMs: startMs + 60_000,
    window: { lengthMs: 1_000, toleranceMrad: 100, clockDomain: 'gps' },
  };
}

const slotConflict = ({ racers, conflict }: ContractStage): Step => ({
  name: 'two concurrent requests for the same slots: exactly one reserved, the other rejected (SLOT_CONFLICT)',
  run: async () => {
    const api = racers[0];
    // The QANs advertise each node's resources once it is registered.
    await waitFor(
      `${conflict.join(' and ')} advertised`,
      async () => {
        const lists = await Promise.all(
          conflict.map((alias) => api.nodeReservations({ params: { alias } })),
        );
        return lists.every((l) => l.memorySlots === 2) ? true : undefined;
      },
      20_000,
    );
    // Two clients at once (at two QANs of a cluster): the log's order decides, nothing else.
    const views: ContractView[] = await Promise.all([
      racers[0].requestContract({ body: bothSlotsOf(conflict, 60_000) }),
      racers[1].requestContract({ body: bothSlotsOf(conflict, 90_000) }),
    ]);
    const reserved = views.filter((v) => v.state === 'RESERVED');
    const rejected = views.filter((v) => v.state === 'REJECTED');
    const [winner, loser] = [reserved[0], rejected[0]];
    if (winner === undefined || loser === undefined || views.length !== 2)
      throw new Error(`states ${views.map((v) => v.state).join(', ')}`);
    if (loser.reason !== 'SLOT_CONFLICT' || loser.conflict !== winner.id)
      throw new Error(`contract ${loser.id} rejected ${loser.reason} (conflict ${loser.conflict})`);
    const held = await api.nodeReservations({ params: { alias: conflict[0] } });
    const slots = held.reservations.find((r) => r.contractId === winner.id)?.slots ?? [];
    const home = racers[views.indexOf(winner)] as QanApiClient;
    const released = await home.cancelContract({ params: { contractId: winner.id } });
    return `contract ${winner.id} RESERVED (${conflict[0]} slots ${slots.join(', ')}); contract ${loser.id} REJECTED ${loser.reason} with ${loser.conflict} at ${loser.alias}; ${winner.id} then ${released.state} ${released.reason}`;
  },
});

/** Pairs of the devnet's CHSH run: a standard error of about 0.03 on S. */
const CHSH_PAIRS = 10_000;

/** A link contract between the stage's two ends starting in 2 s, once it is ACTIVE. */
async function activeLink(stage: ContractStage, type: 'M' | 'K', pairs: number): Promise<number> {
  const api = stage.linkQan;
  const startMs = Date.now() + 2_000;
  const contract = await api.requestContract({
    body: {
      kind: 'LINK',
      scopes: [stage.linkScope],
      participants: [...stage.link],
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

const distributedChsh = (stage: ContractStage): Step => ({
  name: `distributed CHSH test between ${stage.link.join(' and ')} over a link contract`,
  run: async () => {
    const api = stage.linkQan;
    const contractId = await activeLink(stage, 'M', CHSH_PAIRS);
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

const teleportation = (stage: ContractStage): Step => ({
  name: `teleportation from ${stage.link.join(' to ')} over a create-and-keep link contract`,
  run: async () => {
    const api = stage.linkQan;
    const contractId = await activeLink(stage, 'K', CHSH_PAIRS);
    // A two-node job (q-uri §4 /link): the state θ = 1.1, φ = 0.4 rad teleported pair by pair;
    // the sender's bits travel to the receiver through the QAN as MEASUREMENT_RESULT.
    const uri = `q://${stage.link[0]}/link?contract=${contractId}&use=teleport&pairs=${CHSH_PAIRS}&theta-urad=1100000&phi-urad=400000`;
    const submitted = await api.submitJob({ body: { uri } });
    const job = await waitFor(
      `job ${submitted.jobId}`,
      async () => {
        const j = await api.getJob({ params: { jobId: submitted.jobId } });
        return j.status === 'dispatched' ? undefined : j;
      },
      30_000,
    );
    const run = job.contractRun;
    const t = run?.teleport;
    if (run === undefined || t === undefined)
      throw new Error(`job ${job.status}: ${JSON.stringify(job.error)}`);
    const off = within(t.passRate, t.expected, t.standardError, 'fidelity');
    await api.cancelContract({ params: { contractId } });
    return `fidelity ${t.passRate.toFixed(4)} ± ${t.standardError.toFixed(4)} over ${run.pairs} pairs (expected (2F + 1)/3 = ${t.expected.toFixed(4)} at F = ${run.fidelity.toFixed(4)}; ${off.toFixed(1)} σ off)`;
  },
});

/** The window contract the two window steps share (the second rolls it back). */
let windowId = 0;

/**
 * Waits until every participant in `who` reported `step` for window `id` to its home QAN; returns
 * the contract (as the first participant's home QAN shows it) and the reports.
 */
async function windowSteps(stage: ContractStage, id: number, step: string, who: readonly string[]) {
  const reports = await waitFor(
    `${who.join(', ')} ${step} in window ${id}`,
    async () => {
      const found = await Promise.all(
        who.map(async (alias) => {
          const c = await stage.homeOf(alias).getContract({ params: { contractId: id } });
          const report = (c.windowSteps ?? []).find((r) => r.alias === alias && r.step === step);
          return report === undefined ? undefined : { c, report };
        }),
      );
      return found.every((f) => f !== undefined) ? found : undefined;
    },
    20_000,
  );
  return { contract: reports[0]?.c as ContractView, steps: reports.map((r) => r.report) };
}

const windowActivated = (stage: ContractStage): Step => ({
  name: `coherence window across ${stage.window.join(', ')}: activated and logged on each`,
  run: async () => {
    const startMs = Date.now() + 2_000;
    const requested = await stage.racers[0].requestContract({
      body: {
        kind: 'WINDOW',
        scopes: ['eu-west', 'us-east'],
        participants: [...stage.window],
        slots: 1,
        startMs,
        endMs: startMs + 120_000,
        window: { lengthMs: 5_000, toleranceMrad: 100, clockDomain: 'gps' },
      },
    });
    if (requested.state !== 'RESERVED')
      throw new Error(`window ${requested.state} ${requested.reason}`);
    windowId = requested.id;
    // Each participant checks its phase reference with its home QAN (READY); the last READY in
    // the log activates the window at its L, the same on every QAN.
    const { contract, steps } = await windowSteps(stage, windowId, 'ACTIVE', stage.window);
    if (steps.some((s) => s.activatedL !== contract.activatedL))
      throw new Error(
        `activation logged at ${steps.map((s) => s.activatedL).join(', ')}, not ${contract.activatedL}`,
      );
    const errors = steps.map((s) => `${s.alias} ${s.phaseErrorMrad} mrad`).join(', ');
    return `contract ${windowId} ACTIVE at L ${contract.activatedL}, logged ACTIVE on each (phase error ${errors})`;
  },
});

const windowRolledBack = (net: DevnetNetwork, stage: ContractStage, recoverMs: number): Step => ({
  name: `${stage.victim} killed mid-window → window revoked, every participant rolled back`,
  run: async () => {
    const { victim } = stage;
    const api = stage.racers[0];
    await net.killAgent(victim);
    const revoked = await waitFor(
      `window ${windowId} revoked`,
      async () => {
        const c = await api.getContract({ params: { contractId: windowId } });
        return c.state === 'REVOKED' ? c : undefined;
      },
      20_000,
    );
    const rest = stage.window.filter((a) => a !== victim);
    await windowSteps(stage, windowId, 'TERMINATED', rest);
    for (const alias of stage.window) {
      const held = await api.nodeReservations({ params: { alias } });
      if (held.reservations.some((r) => r.contractId === windowId))
        throw new Error(`${alias} still holds window ${windowId}`);
    }
    const sirius = net.topology.nodes.find((n) => n.alias === 'sirius');
    if (sirius === undefined) throw new Error('sirius not in the topology');
    const restartedAt = Date.now();
    await net.startAgent(sirius);
    // ACTIVE with a heartbeat of the new session: a node back within the timeout may show ACTIVE
    // before its home QAN has judged the gap, and a verdict on it would land in a later step.
    for (const qan of stage.everyQan)
      await waitFor(
        'sirius ACTIVE again, heartbeating on its new session',
        async () => {
          const n = await qan.getNode({ params: { alias: 'sirius' } });
          return n.status === 'ACTIVE' && (n.lastHeartbeatMs ?? 0) > restartedAt ? true : undefined;
        },
        recoverMs,
      );
    return `contract ${windowId} REVOKED (${revoked.reason} at ${revoked.alias}); ${rest.join(' and ')} TERMINATED; no participant holds it; sirius back ACTIVE`;
  },
});

/** The embedded default: one QAN for everything, the link between rigel and sirius. */
export function singleQanStage(api: QanApiClient): ContractStage {
  return {
    racers: [api, api],
    conflict: ['rigel', 'sirius'],
    // Two direct nodes and one behind the relay.
    window: ['rigel', 'sirius', 'vega'],
    victim: 'sirius',
    linkQan: api,
    link: ['rigel', 'sirius'],
    linkScope: 'eu-west',
    homeOf: () => api,
    everyQan: [api],
  };
}

/** The resource-contract steps of the devnet scenario (docs/spec/contracts.md). */
export function contractSteps(net: DevnetNetwork, stage: ContractStage, recoverMs: number): Step[] {
  return [
    slotConflict(stage),
    distributedChsh(stage),
    teleportation(stage),
    windowActivated(stage),
    windowRolledBack(net, stage, recoverMs),
  ];
}
