import type { GateName } from './gates.js';

/** One applied gate, after register broadcast: concrete qubit indices. */
export interface GateOperation {
  readonly kind: 'gate';
  readonly gate: GateName;
  readonly parameters: readonly number[];
  /** Global qubit indices; for controlled gates the controls come first. */
  readonly qubits: readonly number[];
  /** 1-based source line, for diagnostics. */
  readonly line: number;
}

/** `measure q[i] -> c[j]` after broadcast. */
export interface MeasureOperation {
  readonly kind: 'measure';
  readonly qubit: number;
  readonly clbit: number;
  readonly line: number;
}

export type Operation = GateOperation | MeasureOperation;

export interface Register {
  readonly name: string;
  readonly size: number;
  /** Index of the register's element 0 in the global qubit or clbit numbering. */
  readonly start: number;
}

/**
 * A parsed program. Qubits are numbered globally in declaration order (qubit 0
 * is the least significant bit of a basis-state index); classical bits too.
 * Barriers are dropped: on a simulator they order nothing.
 */
export interface Circuit {
  readonly qubits: number;
  readonly clbits: number;
  readonly qregs: readonly Register[];
  readonly cregs: readonly Register[];
  readonly operations: readonly Operation[];
}
