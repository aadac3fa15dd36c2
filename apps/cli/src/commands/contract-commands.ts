import type { ContractRequest, ContractRunRequest, ContractView } from '@qcos/qan-api';
import { intFlag, type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import { client, print } from './client-commands.js';

const USAGE = `usage: qcos contracts request --kind LINK|WINDOW --participants A,B[,…] --scopes S[,…]
              [--slots 1] [--start-in-ms 2000] [--duration-ms 60000] [--lease-ms 60000]
              LINK: [--pairs 1000] [--min-fidelity-ppm 900000] [--type M|K] [--priority 1] [--bases X,Z]
              WINDOW: [--length-ms 1000] [--tolerance-mrad 100] [--clock-domain gps]
       qcos contracts get|cancel <id>
       qcos contracts run <id> --use CHSH|TELEPORT --pairs N [--theta-urad N --phi-urad N]
       qcos reservations <alias>`;

const list = (args: ParsedArgs, name: string, fallback?: string): string[] => {
  const v = stringFlag(args, name) ?? fallback;
  if (v === undefined) throw new CliError('USAGE', `flag --${name} is required\n${USAGE}`);
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
  if (!Number.isSafeInteger(id) || id < 1) throw new CliError('USAGE', USAGE);
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
      throw new CliError('USAGE', USAGE);
  }
}

/** `qcos reservations <alias>`: what holds a node's slots (as a reader). */
export async function reservationsCommand(args: ParsedArgs): Promise<number> {
  const alias = args.positional[0];
  if (alias === undefined) throw new CliError('USAGE', 'usage: qcos reservations <alias>');
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
