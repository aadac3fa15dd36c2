import type { ContractRequest, ContractRunRequest, ContractView } from '@qcos/qan-api';
import { intFlag, type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { client, print } from './client-commands.js';

const usage = () => `usage: ${contractsSpec.usage.join('\n       ')}`;

const list = (args: ParsedArgs, name: string, fallback?: string): string[] => {
  const v = stringFlag(args, name) ?? fallback;
  if (v === undefined) throw new CliError('USAGE', `flag --${name} is required\n${usage()}`);
  return v.split(',').filter((x) => x !== '');
};

function oneOf<T extends string>(
  args: ParsedArgs,
  name: string,
  values: readonly T[],
  fallback?: T,
): T {
  const v = stringFlag(args, name) ?? fallback;
  if (v === undefined || !(values as readonly string[]).includes(v))
    throw new CliError('USAGE', `flag --${name} must be one of ${values.join(', ')}`);
  return v as T;
}

/** The request the flags describe; the QAN (and the fold) check the rest. */
function requestOf(args: ParsedArgs): ContractRequest {
  const kind = oneOf(args, 'kind', ['LINK', 'WINDOW'] as const);
  const startMs = Date.now() + intFlag(args, 'start-in-ms', 2_000, 0, 86_400_000);
  const type = oneOf(args, 'type', ['M', 'K'] as const, 'M');
  return {
    kind,
    scopes: list(args, 'scopes'),
    participants: list(args, 'participants'),
    slots: intFlag(args, 'slots', 1, 1, 16),
    startMs,
    endMs: startMs + intFlag(args, 'duration-ms', 60_000, 1, 86_400_000),
    leaseMs: intFlag(args, 'lease-ms', 60_000, 1_000, 600_000),
    ...(kind === 'LINK'
      ? {
          link: {
            pairs: intFlag(args, 'pairs', 1_000, 1, 1_000_000),
            minFidelityPpm: intFlag(args, 'min-fidelity-ppm', 900_000, 250_000, 1_000_000),
            type,
            priority: intFlag(args, 'priority', 1, 0, 2),
            bases: (type === 'M' ? list(args, 'bases', 'X,Z') : []) as ('X' | 'Y' | 'Z')[],
          },
        }
      : {
          window: {
            lengthMs: intFlag(args, 'length-ms', 1_000, 1, 86_400_000),
            toleranceMrad: intFlag(args, 'tolerance-mrad', 100, 1, 6_283),
            clockDomain: stringFlag(args, 'clock-domain') ?? 'gps',
          },
        }),
  };
}

/** One line per contract: its state, and what it holds or why it ended. */
export function describeContract(c: ContractView): string {
  if (c.state === 'RESERVED' || c.state === 'ACTIVE') {
    const held = (c.participants ?? []).map(
      (p, i) => `${p} [${(c.slotsHeld?.[i] ?? []).join(', ')}]`,
    );
    const steps = (c.windowSteps ?? []).map((s) => `${s.alias} ${s.step}`).join(', ');
    return `contract ${c.id} ${c.kind} ${c.state}: ${held.join(', ')} over [${c.startMs}, ${c.endMs})${steps === '' ? '' : `; ${steps}`}`;
  }
  const detail = [c.alias, c.conflict === undefined ? undefined : `contract ${c.conflict}`]
    .filter((x) => x !== undefined)
    .join(', ');
  return `contract ${c.id} ${c.state} ${c.reason}${detail === '' ? '' : ` (${detail})`}`;
}

function contractId(args: ParsedArgs): number {
  const id = Number(args.positional[1]);
  if (!Number.isSafeInteger(id) || id < 1) throw new CliError('USAGE', usage());
  return id;
}

/** `qcos contracts request|get|cancel|run …` (as a client: the token of the client role). */
export async function contractsCommand(args: ParsedArgs): Promise<number> {
  const api = client(args, 'client');
  const json = args.flags['json'] === true;
  const show = (view: object, text: string) => print(json ? JSON.stringify(view) : text);
  switch (args.positional[0]) {
    case 'request': {
      const view = await api.requestContract({ body: requestOf(args) });
      show(view, describeContract(view));
      return view.state === 'REJECTED' ? 3 : 0;
    }
    case 'get':
    case 'cancel': {
      const params = { contractId: contractId(args) };
      const view =
        args.positional[0] === 'get'
          ? await api.getContract({ params })
          : await api.cancelContract({ params });
      show(view, describeContract(view));
      return 0;
    }
    case 'run': {
      const use = oneOf(args, 'use', ['CHSH', 'TELEPORT'] as const);
      const body: ContractRunRequest = {
        use,
        pairs: intFlag(args, 'pairs', 1_000, 1, 65_536),
        ...(use === 'TELEPORT'
          ? {
              state: {
                thetaUrad: intFlag(args, 'theta-urad', 0, 0, 3_141_593),
                phiUrad: intFlag(args, 'phi-urad', 0, 0, 6_283_185),
              },
            }
          : {}),
      };
      const run = await api.runContract({ params: { contractId: contractId(args) }, body });
      const text = run.chsh
        ? `S = ${run.chsh.s.toFixed(3)} ± ${run.chsh.standardError.toFixed(3)} (expected ${run.chsh.expectedS.toFixed(3)} at F = ${run.fidelity.toFixed(4)}), ${run.pairs} pairs`
        : `fidelity ${run.teleport?.passRate.toFixed(4)} ± ${run.teleport?.standardError.toFixed(4)} (expected ${run.teleport?.expected.toFixed(4)}), ${run.pairs} pairs`;
      show(run, text);
      return 0;
    }
    default:
      throw new CliError('USAGE', usage());
  }
}

/** `qcos reservations <alias>`: what holds a node's slots (as a reader). */
export async function reservationsCommand(args: ParsedArgs): Promise<number> {
  const alias = args.positional[0];
  if (alias === undefined) throw new CliError('USAGE', `usage: ${reservationsSpec.usage.join('')}`);
  const view = await client(args, 'reader').nodeReservations({ params: { alias } });
  const lines = view.reservations.map(
    (r) =>
      `  contract ${r.contractId} ${r.kind} ${r.state}: slots ${r.slots.join(', ')} over [${r.startMs}, ${r.endMs})`,
  );
  print(
    args.flags['json'] === true
      ? JSON.stringify(view)
      : [
          `${alias}: ${view.memorySlots} memory slots, ${view.reservations.length} held`,
          ...lines,
        ].join('\n'),
  );
  return 0;
}

const int = (name: string, min: number, max: number, meaning: string, fallback?: number) => ({
  name,
  kind: 'integer' as const,
  value: 'N',
  min,
  max,
  meaning,
  ...(fallback === undefined ? {} : { default: String(fallback) }),
});

export const contractsSpec: CommandSpec = {
  name: 'contracts',
  summary: 'request, inspect, cancel and run resource contracts (as a client)',
  usage: [
    'qcos contracts request --kind LINK|WINDOW --participants A,B[,…] --scopes S[,…] [--slots N]',
    '    [--start-in-ms N] [--duration-ms N] [--lease-ms N]',
    '    LINK: [--pairs N] [--min-fidelity-ppm N] [--type M|K] [--priority N] [--bases X,Z]',
    '    WINDOW: [--length-ms N] [--tolerance-mrad N] [--clock-domain NAME]',
    'qcos contracts get|cancel <id>',
    'qcos contracts run <id> --use CHSH|TELEPORT --pairs N [--theta-urad N --phi-urad N]',
  ],
  description: `request asks for memory slots on the participants (a LINK of entangled pairs, or a
coherence WINDOW) and prints the fold's decision: exit 3 when it is rejected, with its reason.
get and cancel show a contract of yours; run uses the pairs of an ACTIVE link contract on its two
DQNs and prints S (CHSH) or the teleportation fidelity. Uses the credentials' client token.`,
  flags: [
    { name: 'kind', kind: 'string', value: 'LINK|WINDOW', meaning: 'request: the contract kind' },
    { name: 'participants', kind: 'string', value: 'A,B', meaning: 'request: node aliases' },
    {
      name: 'scopes',
      kind: 'string',
      value: 'S,…',
      meaning: 'request: scopes of the participants',
    },
    int('slots', 1, 16, 'request: memory slots per participant', 1),
    int('start-in-ms', 0, 86_400_000, 'request: start this far from now', 2_000),
    int('duration-ms', 1, 86_400_000, 'request: how long it holds the slots', 60_000),
    int('lease-ms', 1_000, 600_000, 'request: lease of the reservation', 60_000),
    int(
      'pairs',
      1,
      1_000_000,
      'request (LINK): pairs to deliver, 1000; run: pairs to use, up to 65536',
    ),
    int('min-fidelity-ppm', 250_000, 1_000_000, 'request (LINK): minimum pair fidelity', 900_000),
    {
      name: 'type',
      kind: 'string',
      value: 'M|K',
      default: 'M',
      meaning: 'request (LINK): measured or kept pairs',
    },
    int('priority', 0, 2, 'request (LINK): priority', 1),
    {
      name: 'bases',
      kind: 'string',
      value: 'X,Z',
      default: 'X,Z',
      meaning: 'request (LINK, M): measurement bases',
    },
    int('length-ms', 1, 86_400_000, 'request (WINDOW): window length', 1_000),
    int('tolerance-mrad', 1, 6_283, 'request (WINDOW): phase tolerance', 100),
    {
      name: 'clock-domain',
      kind: 'string',
      value: 'NAME',
      default: 'gps',
      meaning: 'request (WINDOW): clock domain',
    },
    {
      name: 'use',
      kind: 'string',
      value: 'CHSH|TELEPORT',
      meaning: 'run: what to do with the pairs',
    },
    int('theta-urad', 0, 3_141_593, 'run (TELEPORT): polar angle of the state', 0),
    int('phi-urad', 0, 6_283_185, 'run (TELEPORT): azimuth of the state', 0),
  ],
  talksToQan: true,
  examples: [
    'qcos contracts request --kind LINK --participants rigel,sirius --scopes eu-west --pairs 10000',
    'qcos contracts run 7 --use CHSH --pairs 10000',
  ],
  run: contractsCommand,
};

export const reservationsSpec: CommandSpec = {
  name: 'reservations',
  summary: "what holds a node's memory slots",
  usage: ['qcos reservations <alias> [--json]'],
  description: "The contracts holding the node's memory slots, with their state and time span.",
  flags: [],
  talksToQan: true,
  examples: ['qcos reservations rigel'],
  run: reservationsCommand,
};
