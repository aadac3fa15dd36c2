import type { FaultState } from './faults.js';
import { effectiveFidelity, type NodeFidelity } from './health.js';
import {
  type Counts,
  ExecutionError,
  executeCircuit,
  parseQasm,
  QasmError,
  seededRandom,
} from './qem/index.js';

/** A circuit job as the agent receives it. */
export interface JobRequest {
  readonly jobId: string;
  /** OpenQASM 2.0 source. */
  readonly program: string;
  readonly shots: number;
}

/** Why a job failed on this node (QEM error codes plus the node's own refusals). */
export interface JobFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  /** Where in the program, for parse errors. */
  readonly line?: number;
  readonly column?: number;
}

export interface JobSuccess {
  readonly ok: true;
  readonly counts: Counts;
  readonly shots: number;
}

export type JobOutcome = JobSuccess | JobFailure;

export interface NodeExecutionContext {
  readonly qubits: number;
  readonly nominal: NodeFidelity;
  readonly readoutError: number;
  readonly faults: FaultState;
  /** Seeds the shot sampler (32 random bytes per job from the system RNG in the agent). */
  readonly seed: Uint8Array;
  /** Most gates (after register broadcast) a job may apply; more is `TOO_MANY_GATES`. */
  readonly maxGates?: number;
}

/**
 * Failure codes that mean "bigger than this node runs" (its qubits, its gate cap, the QEM's
 * size and work limits) rather than a broken program: the agent answers them with NACK
 * `UNSUPPORTED`, detail `JOB_TOO_LARGE …`.
 */
export const JOB_TOO_LARGE_CODES: ReadonlySet<string> = new Set([
  'SOURCE_TOO_LARGE',
  'TOO_MANY_QUBITS',
  'TOO_MANY_OPERATIONS',
  'TOO_MANY_GATES',
  'QUBIT_LIMIT_EXCEEDED',
  'WORK_LIMIT_EXCEEDED',
]);

/**
 * Parses and runs one job on the QEM with the node's current noise. Never
 * throws: every failure becomes a JobFailure the agent can send back.
 */
export function runJob(request: JobRequest, node: NodeExecutionContext): JobOutcome {
  if (node.faults.cryostat) {
    return {
      ok: false,
      code: 'CRITICAL_FAULT',
      message: 'cryostat failure: the processor is not at operating temperature',
    };
  }
  try {
    const circuit = parseQasm(request.program, { maxQubits: node.qubits });
    const gates = circuit.operations.filter((op) => op.kind === 'gate').length;
    if (node.maxGates !== undefined && gates > node.maxGates) {
      const message = `${gates} gates exceed this node's cap of ${node.maxGates} per job`;
      return { ok: false, code: 'TOO_MANY_GATES', message };
    }
    const f = effectiveFidelity(node.nominal, node.faults);
    const result = executeCircuit(circuit, {
      shots: request.shots,
      random: seededRandom(node.seed),
      maxQubits: node.qubits,
      noise: { ...f, readoutError: node.readoutError },
    });
    return { ok: true, counts: result.counts, shots: result.shots };
  } catch (error) {
    if (error instanceof QasmError) {
      return {
        ok: false,
        code: error.code,
        message: error.message,
        line: error.line,
        column: error.column,
      };
    }
    if (error instanceof ExecutionError) {
      return { ok: false, code: error.code, message: error.message };
    }
    return { ok: false, code: 'INTERNAL', message: String(error) };
  }
}
