/**
 * The gate set of the OpenQASM 2.0 subset (qelib1.inc names), as data: how
 * many parameters and qubits each gate takes. The matrices live in
 * `matrices.ts`; this table is what the parser checks programs against.
 */

export const GATE_NAMES = [
  'id',
  'x',
  'y',
  'z',
  'h',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'sxdg',
  'rx',
  'ry',
  'rz',
  'p',
  'u1',
  'u2',
  'u3',
  'u',
  'U',
  'cx',
  'CX',
  'cy',
  'cz',
  'ch',
  'crz',
  'cu1',
  'cp',
  'swap',
  'ccx',
  'cswap',
] as const;

export type GateName = (typeof GATE_NAMES)[number];

export interface GateSignature {
  readonly parameters: number;
  readonly qubits: number;
}

const ONE_QUBIT_FIXED = ['id', 'x', 'y', 'z', 'h', 's', 'sdg', 't', 'tdg', 'sx', 'sxdg'] as const;

export const GATE_SIGNATURES: Readonly<Record<GateName, GateSignature>> = {
  ...(Object.fromEntries(ONE_QUBIT_FIXED.map((g) => [g, { parameters: 0, qubits: 1 }])) as Record<
    (typeof ONE_QUBIT_FIXED)[number],
    GateSignature
  >),
  rx: { parameters: 1, qubits: 1 },
  ry: { parameters: 1, qubits: 1 },
  rz: { parameters: 1, qubits: 1 },
  p: { parameters: 1, qubits: 1 },
  u1: { parameters: 1, qubits: 1 },
  u2: { parameters: 2, qubits: 1 },
  u3: { parameters: 3, qubits: 1 },
  u: { parameters: 3, qubits: 1 },
  U: { parameters: 3, qubits: 1 },
  cx: { parameters: 0, qubits: 2 },
  CX: { parameters: 0, qubits: 2 },
  cy: { parameters: 0, qubits: 2 },
  cz: { parameters: 0, qubits: 2 },
  ch: { parameters: 0, qubits: 2 },
  crz: { parameters: 1, qubits: 2 },
  cu1: { parameters: 1, qubits: 2 },
  cp: { parameters: 1, qubits: 2 },
  swap: { parameters: 0, qubits: 2 },
  ccx: { parameters: 0, qubits: 3 },
  cswap: { parameters: 0, qubits: 3 },
};

export function isGateName(name: string): name is GateName {
  return Object.hasOwn(GATE_SIGNATURES, name);
}

/**
 * How many native two-qubit gates a gate costs on hardware (its usual CX
 * count). The noise model charges the node's 2-qubit infidelity this many
 * times; gates with 0 are charged the 1-qubit infidelity once.
 */
export function twoQubitCost(name: GateName): number {
  switch (name) {
    case 'swap':
      return 3;
    case 'ccx':
      return 6;
    case 'cswap':
      return 8;
    case 'crz':
    case 'cu1':
    case 'cp':
    case 'ch':
      return 2;
    default:
      return GATE_SIGNATURES[name].qubits >= 2 ? 1 : 0;
  }
}
