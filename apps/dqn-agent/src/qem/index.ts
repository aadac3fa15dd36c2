export type { Circuit, GateOperation, MeasureOperation, Operation, Register } from './circuit.js';
export {
  ExecutionError,
  type ExecutionErrorCode,
  QasmError,
  type QasmErrorCode,
  type SourcePosition,
} from './errors.js';
export {
  type Counts,
  type ExecuteOptions,
  type ExecutionResult,
  evolve,
  executeCircuit,
} from './execute.js';
export { GATE_NAMES, type GateName } from './gates.js';
export * from './limits.js';
export { circuitFidelity, NOISELESS, type NoiseModel } from './noise.js';
export { type ParseOptions, parseQasm } from './parser.js';
export { seededRandom, type UniformRandom } from './rng.js';
export { StateVector } from './state-vector.js';
