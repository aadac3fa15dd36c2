import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertPrivateFile } from '@qcos/runtime';
import type { ParsedArgs } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import type { AgentControl, CliContext } from '../credentials/context.js';
import { resolveCredentials } from '../credentials/target.js';
import { print } from './client-commands.js';

/** The faults an agent's control endpoint holds (apps/dqn-agent/src/faults.ts). */
interface FaultState {
  readonly cryostat: boolean;
  readonly eavesdropper: number;
  readonly fidelityDrift: number;
  readonly heartbeats: boolean;
}

/** A value a fault kind takes on the command line: its name in the usage and its range. */
interface FaultArgument {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

/** A fault kind: the field it sets, its value when set without an argument, and when cleared. */
interface FaultKind {
  readonly field: keyof FaultState;
  readonly set: number | boolean;
  readonly clear: number | boolean;
  readonly argument?: FaultArgument;
}

const KINDS: Readonly<Record<string, FaultKind>> = {
  eavesdropper: {
    field: 'eavesdropper',
    set: 1,
    clear: 0,
    argument: { name: 'FRACTION', min: 0, max: 1 },
  },
  cryostat: { field: 'cryostat', set: true, clear: false },
  drift: {
    field: 'fidelityDrift',
    set: -0.2,
    clear: 0,
    argument: { name: 'DELTA', min: -1, max: 1 },
  },
  heartbeats: { field: 'heartbeats', set: false, clear: true },
};

const NO_FAULTS: FaultState = {
  cryostat: false,
  eavesdropper: 0,
  fidelityDrift: 0,
  heartbeats: true,
};

/** One fault as the operator reads it. */
function describe(field: keyof FaultState, faults: FaultState): string {
  switch (field) {
    case 'eavesdropper':
      return faults.eavesdropper > 0
        ? `eavesdropper ${faults.eavesdropper} (intercept-resend on the QKD link)`
        : 'no eavesdropper';
    case 'cryostat':
      return faults.cryostat ? 'cryostat failed (circuits refused)' : 'cryostat ok';
    case 'fidelityDrift':
      return faults.fidelityDrift !== 0
        ? `fidelity drift ${faults.fidelityDrift} (added to both gate fidelities)`
        : 'no fidelity drift';
    case 'heartbeats':
      return faults.heartbeats ? 'heartbeats on' : 'heartbeats stopped';
  }
}

/** The faults in force: the one just changed, then any other that is set. */
export function describeFaults(changed: keyof FaultState, faults: FaultState): string {
  const others = Object.values(KINDS)
    .map((k) => k.field)
    .filter((f) => f !== changed && describe(f, faults) !== describe(f, NO_FAULTS));
  return [changed, ...others].map((f) => describe(f, faults)).join(', ');
}

/** The value VALUE gives a kind that takes an argument; a usage error naming it otherwise. */
function argumentValue(kind: string, argument: FaultArgument, value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!(n >= argument.min && n <= argument.max))
    throw new CliError(
      'USAGE',
      `fault ${kind}: ${argument.name} must be a number in ${argument.min}..${argument.max}, got "${value}"`,
      { kind },
    );
  return n;
}

/** The request body for `kind` with its optional argument; --clear sets it back. */
function faultPatch(kind: string | undefined, value: string | undefined, clear: boolean) {
  const spec = kind === undefined ? undefined : KINDS[kind];
  if (kind === undefined || spec === undefined)
    throw new CliError(
      'USAGE',
      `unknown fault kind "${kind ?? ''}" (one of ${Object.keys(KINDS).join(', ')})`,
      { kind },
    );
  if (value !== undefined && (clear || spec.argument === undefined))
    throw new CliError(
      'USAGE',
      `fault ${kind}${clear ? ' --clear' : ''} takes no value (got "${value}")`,
      { kind },
    );
  const { field, argument } = spec;
  if (value !== undefined && argument !== undefined)
    return { field, body: { [field]: argumentValue(kind, argument, value) } };
  return { field, body: { [field]: clear ? spec.clear : spec.set } };
}

/** The agent's control endpoint and token from the credentials context. */
function agentControl(
  context: (CliContext & { dir: string }) | undefined,
  alias: string,
): { control: string; token: string } {
  if (context === undefined)
    throw new CliError(
      'USAGE',
      'qcos fault needs the credentials of the network (--credentials FILE, --context NAME or --data-dir DIR)',
    );
  const agent: AgentControl | undefined = context.agents?.[alias];
  if (agent === undefined)
    throw new CliError(
      'UNKNOWN_AGENT',
      `no agent "${alias}" in the credentials (agents: ${Object.keys(context.agents ?? {}).join(', ') || 'none'})`,
      { alias },
    );
  const file = resolve(context.dir, agent.tokenFile);
  try {
    assertPrivateFile(file, `${alias}'s control token`);
    return { control: agent.control, token: readFileSync(file, 'utf8').trim() };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    throw new CliError(e.code ?? 'FILE_UNREADABLE', e.message ?? String(error), { alias });
  }
}

/** POST /faults on the agent's control endpoint; the faults now in force. */
async function postFaults(
  alias: string,
  agent: { control: string; token: string },
  body: object,
): Promise<FaultState> {
  let response: Response;
  try {
    response = await fetch(`${agent.control}/faults`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new CliError(
      'AGENT_UNREACHABLE',
      `cannot reach ${alias}'s control endpoint at ${agent.control} (${cause}); is the agent running?`,
      { alias },
    );
  }
  const answer = (await response.json().catch(() => ({}))) as {
    faults?: FaultState;
    code?: string;
    message?: string;
  };
  if (!response.ok || answer.faults === undefined)
    throw new CliError(
      answer.code ?? 'AGENT_ERROR',
      `${alias}: ${answer.message ?? `HTTP ${response.status}`}`,
      { alias, status: response.status },
    );
  return answer.faults;
}

/** `qcos fault <alias> <kind> [VALUE] [--clear] [--json]` */
export async function faultCommand(args: ParsedArgs): Promise<number> {
  const [alias, kind, value, ...extra] = args.positional;
  if (alias === undefined || extra.length > 0)
    throw new CliError('USAGE', `usage: ${faultSpec.usage.join(' | ')}`);
  const { field, body } = faultPatch(kind, value, args.flags['clear'] === true);
  const faults = await postFaults(alias, agentControl(resolveCredentials(args), alias), body);
  print(
    args.flags['json'] === true
      ? JSON.stringify({ alias, faults })
      : `${alias}: ${describeFaults(field, faults)}`,
  );
  return 0;
}

export const faultSpec: CommandSpec = {
  name: 'fault',
  summary: "inject or clear a fault on a DQN agent (devnet, the agent's control endpoint)",
  usage: [
    'qcos fault <alias> eavesdropper [FRACTION] [--clear]',
    'qcos fault <alias> cryostat [--clear]',
    'qcos fault <alias> drift [DELTA] [--clear]',
    'qcos fault <alias> heartbeats [--clear]',
  ],
  description: `Sets a fault on an agent through its control endpoint (POST /faults with the endpoint's
bearer token), or clears it with --clear, and prints the faults now in force:
  eavesdropper [FRACTION]  intercept-resend on the node's QKD link, 0..1 (default 1; clear: 0)
  cryostat                 a cryostat failure: circuits are refused (clear: working again)
  drift [DELTA]            added to both gate fidelities, -1..1 (default -0.2; clear: 0)
  heartbeats               the agent stops heartbeating (clear: it heartbeats again)
The endpoint and its token file come from the credentials context, which the devnet writes
("agents": alias → control URL and token file); the token never goes on the command line.
Exit 1 with UNKNOWN_AGENT for an alias the credentials do not list.`,
  flags: [{ name: 'clear', kind: 'boolean', meaning: 'set the fault back to none' }],
  talksToQan: true,
  examples: [
    'qcos fault rigel eavesdropper --data-dir ./.devnet',
    'qcos fault rigel eavesdropper --clear',
    'qcos fault vega drift -0.3 --json',
  ],
  run: faultCommand,
};
