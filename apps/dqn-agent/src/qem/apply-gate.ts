import type { GateOperation } from './circuit.js';
import {
  HADAMARD,
  IDENTITY,
  type Matrix2,
  PAULI_X,
  PAULI_Y,
  PAULI_Z,
  phase,
  rx,
  ry,
  rz,
  S,
  S_DAGGER,
  SQRT_X,
  SQRT_X_DAGGER,
  T,
  T_DAGGER,
  u3,
} from './matrices.js';
import type { StateVector } from './state-vector.js';

/** The single-qubit unitary of a one-qubit gate, or the target unitary of a controlled one. */
function matrixOf(op: GateOperation): Matrix2 {
  const [a = 0, b = 0, c = 0] = op.parameters;
  switch (op.gate) {
    case 'id':
      return IDENTITY;
    case 'x':
    case 'cx':
    case 'CX':
    case 'ccx':
      return PAULI_X;
    case 'y':
    case 'cy':
      return PAULI_Y;
    case 'z':
    case 'cz':
      return PAULI_Z;
    case 'h':
    case 'ch':
      return HADAMARD;
    case 's':
      return S;
    case 'sdg':
      return S_DAGGER;
    case 't':
      return T;
    case 'tdg':
      return T_DAGGER;
    case 'sx':
      return SQRT_X;
    case 'sxdg':
      return SQRT_X_DAGGER;
    case 'rx':
      return rx(a);
    case 'ry':
      return ry(a);
    case 'rz':
    case 'crz':
      return rz(a);
    case 'p':
    case 'u1':
    case 'cu1':
    case 'cp':
      return phase(a);
    case 'u2':
      return u3(Math.PI / 2, a, b);
    case 'u3':
    case 'u':
    case 'U':
      return u3(a, b, c);
    case 'swap':
    case 'cswap':
      // Handled as permutations in applyGate; never reached.
      return IDENTITY;
  }
}

/** Applies one parsed gate to the state, exactly. */
export function applyGate(state: StateVector, op: GateOperation): void {
  const q = op.qubits;
  switch (op.gate) {
    case 'swap':
      state.swap(q[0]!, q[1]!);
      return;
    case 'cswap':
      state.swap(q[1]!, q[2]!, 1 << q[0]!);
      return;
    case 'ccx':
      state.apply(PAULI_X, q[2]!, (1 << q[0]!) | (1 << q[1]!));
      return;
    default:
      if (q.length === 2) state.apply(matrixOf(op), q[1]!, 1 << q[0]!);
      else state.apply(matrixOf(op), q[0]!);
  }
}
