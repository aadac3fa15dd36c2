/**
 * Explicit limits of the QEM. A state vector of n qubits holds 2^n complex
 * amplitudes as two Float64Arrays (16 · 2^n bytes): 20 qubits = 16 MiB, which
 * is the most a simulated node on a shared machine should allocate per job.
 */

/** Hard ceiling on qubits a state vector may have, whatever a node announces. */
export const MAX_SIMULATED_QUBITS = 20;
/** Largest OpenQASM source accepted, in UTF-16 code units. */
export const MAX_SOURCE_LENGTH = 256 * 1024;
/** Largest number of gate/measure/barrier operations after register broadcast. */
export const MAX_OPERATIONS = 100_000;
/** Largest single register declared in a program (qubits or classical bits). */
export const MAX_REGISTER_SIZE = 64;
/** Most classical bits a program may declare in total (they form one outcome key). */
export const MAX_CLASSICAL_BITS = 64;
/** Most shots in one job. */
export const MAX_SHOTS = 1_000_000;
/** Deepest nesting of parentheses in a parameter expression. */
export const MAX_EXPRESSION_DEPTH = 32;
/**
 * Most amplitude updates one job may cost (gates × 2^qubits; 1024 gates at 20
 * qubits): seconds of one core (measured 50–200 M updates/s), so a wide, deep
 * circuit is refused up front instead of stalling the agent for hours.
 */
export const MAX_AMPLITUDE_UPDATES = 2 ** 30;
