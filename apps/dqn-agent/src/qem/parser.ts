import type { Circuit, Operation, Register } from './circuit.js';
import { QasmError, type QasmErrorCode, type SourcePosition } from './errors.js';
import { GATE_SIGNATURES, isGateName } from './gates.js';
import { type Token, tokenize } from './lexer.js';
import {
  MAX_CLASSICAL_BITS,
  MAX_EXPRESSION_DEPTH,
  MAX_OPERATIONS,
  MAX_REGISTER_SIZE,
  MAX_SIMULATED_QUBITS,
  MAX_SOURCE_LENGTH,
} from './limits.js';

export interface ParseOptions {
  /** Most qubits the program may declare; defaults to (and is capped at) MAX_SIMULATED_QUBITS. */
  readonly maxQubits?: number;
}

const FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  ln: Math.log,
  sqrt: Math.sqrt,
};

/** OpenQASM 2.0 statements outside the executed subset (no classical control, no custom gates). */
const UNSUPPORTED_STATEMENTS = new Set(['gate', 'opaque', 'if', 'reset', 'OPENQASM']);

/** A gate or measure argument: a whole register or one element of it. */
interface Argument {
  readonly register: Register;
  readonly index?: number;
  readonly at: SourcePosition;
}

/**
 * Parses the OpenQASM 2.0 subset the QEM executes: header, `include
 * "qelib1.inc"`, `qreg`/`creg`, the qelib1 gate calls listed in gates.ts (with
 * register broadcast), `measure` and `barrier`. Anything else — gate
 * definitions, `if`, `reset`, `opaque` — is rejected with a typed error
 * pointing at the statement. Never throws anything but QasmError.
 */
export function parseQasm(source: string, options: ParseOptions = {}): Circuit {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new QasmError('SOURCE_TOO_LARGE', `source exceeds ${MAX_SOURCE_LENGTH} characters`, {
      line: 1,
      column: 1,
      offset: 0,
    });
  }
  const maxQubits = Math.min(options.maxQubits ?? MAX_SIMULATED_QUBITS, MAX_SIMULATED_QUBITS);
  return new Parser(tokenize(source), maxQubits).program();
}

class Parser {
  private position = 0;
  private readonly qregs: Register[] = [];
  private readonly cregs: Register[] = [];
  private readonly operations: Operation[] = [];
  private readonly measured = new Set<number>();
  private qubitCount = 0;
  private clbitCount = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxQubits: number,
  ) {}

  program(): Circuit {
    this.header();
    while (this.peek().kind !== 'end') this.statement();
    return {
      qubits: this.qubitCount,
      clbits: this.clbitCount,
      qregs: this.qregs,
      cregs: this.cregs,
      operations: this.operations,
    };
  }

  // --- token helpers -------------------------------------------------------

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private fail(code: QasmErrorCode, message: string, at: SourcePosition = this.peek().at): never {
    throw new QasmError(code, message, at);
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? 'end of input' : JSON.stringify(token.text);
  }

  private expectSymbol(symbol: string): Token {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) {
      this.fail('SYNTAX', `expected ${JSON.stringify(symbol)} but found ${this.describe(token)}`);
    }
    return this.next();
  }

  private isSymbol(symbol: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.text === symbol;
  }

  private expectIdentifier(): Token {
    const token = this.peek();
    if (token.kind !== 'identifier') {
      this.fail('SYNTAX', `expected an identifier but found ${this.describe(token)}`);
    }
    return this.next();
  }

  private expectInteger(): { value: number; at: SourcePosition } {
    const token = this.peek();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) {
      this.fail('SYNTAX', `expected a non-negative integer but found ${this.describe(token)}`);
    }
    this.next();
    // Long digit strings would lose precision; any value this large is out of range anyway.
    const value = token.text.length > 9 ? Number.MAX_SAFE_INTEGER : Number(token.text);
    return { value, at: token.at };
  }

  // --- statements ----------------------------------------------------------

  private header(): void {
    const token = this.peek();
    if (token.kind !== 'identifier' || token.text !== 'OPENQASM') {
      this.fail('MISSING_HEADER', 'a program must start with "OPENQASM 2.0;"');
    }
    this.next();
    const version = this.peek();
    if (version.kind !== 'number' || (version.text !== '2.0' && version.text !== '2')) {
      this.fail('UNSUPPORTED_VERSION', `unsupported OpenQASM version ${this.describe(version)}`);
    }
    this.next();
    this.expectSymbol(';');
  }

  private statement(): void {
    const token = this.peek();
    if (token.kind !== 'identifier') {
      this.fail('SYNTAX', `expected a statement but found ${this.describe(token)}`);
    }
    if (UNSUPPORTED_STATEMENTS.has(token.text)) {
      this.fail('UNSUPPORTED_STATEMENT', `"${token.text}" is not supported by this node`);
    }
    switch (token.text) {
      case 'include':
        this.include();
        return;
      case 'qreg':
      case 'creg':
        this.declaration(token.text);
        return;
      case 'measure':
        this.measure();
        return;
      case 'barrier':
        this.barrier();
        return;
      default:
        this.gateCall();
        return;
    }
  }

  private include(): void {
    this.next();
    const file = this.peek();
    if (file.kind !== 'string') {
      this.fail('SYNTAX', `expected a file name string but found ${this.describe(file)}`);
    }
    if (file.text !== 'qelib1.inc') {
      this.fail('UNSUPPORTED_INCLUDE', `only "qelib1.inc" can be included, not "${file.text}"`);
    }
    this.next();
    this.expectSymbol(';');
  }

  private declaration(kind: 'qreg' | 'creg'): void {
    this.next();
    const name = this.expectIdentifier();
    this.expectSymbol('[');
    const size = this.expectInteger();
    this.expectSymbol(']');
    this.expectSymbol(';');
    if (this.findRegister(name.text) !== undefined) {
      this.fail('DUPLICATE_REGISTER', `register "${name.text}" is already declared`, name.at);
    }
    if (size.value < 1 || size.value > MAX_REGISTER_SIZE) {
      this.fail(
        'INVALID_REGISTER_SIZE',
        `register size must be 1..${MAX_REGISTER_SIZE}, got ${size.value}`,
        size.at,
      );
    }
    if (kind === 'qreg') {
      if (this.qubitCount + size.value > this.maxQubits) {
        this.fail(
          'TOO_MANY_QUBITS',
          `program declares more than ${this.maxQubits} qubits, the most this node runs`,
          name.at,
        );
      }
      this.qregs.push({ name: name.text, size: size.value, start: this.qubitCount });
      this.qubitCount += size.value;
    } else {
      if (this.clbitCount + size.value > MAX_CLASSICAL_BITS) {
        this.fail(
          'INVALID_REGISTER_SIZE',
          `more than ${MAX_CLASSICAL_BITS} classical bits`,
          name.at,
        );
      }
      this.cregs.push({ name: name.text, size: size.value, start: this.clbitCount });
      this.clbitCount += size.value;
    }
  }

  private measure(): void {
    const keyword = this.next();
    const qubit = this.argument('qreg');
    this.expectSymbol('->');
    const clbit = this.argument('creg');
    this.expectSymbol(';');
    const qubits = this.expand(qubit);
    const clbits = this.expand(clbit);
    if (qubits.length !== clbits.length) {
      this.fail(
        'REGISTER_SIZE_MISMATCH',
        `measure maps ${qubits.length} qubit(s) to ${clbits.length} bit(s)`,
        keyword.at,
      );
    }
    for (let i = 0; i < qubits.length; i++) {
      this.measured.add(qubits[i]!);
      this.push({ kind: 'measure', qubit: qubits[i]!, clbit: clbits[i]!, line: keyword.at.line });
    }
  }

  private barrier(): void {
    this.next();
    // Arguments are checked (they must name declared qubits) but order nothing on a simulator.
    this.argument('qreg');
    while (this.isSymbol(',')) {
      this.next();
      this.argument('qreg');
    }
    this.expectSymbol(';');
  }

  private gateCall(): void {
    const name = this.next();
    if (!isGateName(name.text)) {
      this.fail('UNKNOWN_GATE', `unknown gate "${name.text}"`, name.at);
    }
    const gate = name.text;
    const signature = GATE_SIGNATURES[gate];
    const parameters: number[] = [];
    if (this.isSymbol('(')) {
      this.next();
      if (!this.isSymbol(')')) {
        parameters.push(this.parameter());
        while (this.isSymbol(',')) {
          this.next();
          parameters.push(this.parameter());
        }
      }
      this.expectSymbol(')');
    }
    if (parameters.length !== signature.parameters) {
      this.fail(
        'WRONG_PARAMETER_COUNT',
        `gate "${gate}" takes ${signature.parameters} parameter(s), got ${parameters.length}`,
        name.at,
      );
    }
    const args = [this.argument('qreg')];
    while (this.isSymbol(',')) {
      this.next();
      args.push(this.argument('qreg'));
    }
    this.expectSymbol(';');
    if (args.length !== signature.qubits) {
      this.fail(
        'WRONG_ARGUMENT_COUNT',
        `gate "${gate}" acts on ${signature.qubits} qubit(s), got ${args.length}`,
        name.at,
      );
    }
    // Register broadcast: whole-register arguments must agree in size; indexed ones repeat.
    let width = 1;
    for (const arg of args) {
      if (arg.index !== undefined) continue;
      if (width !== 1 && arg.register.size !== width) {
        this.fail('REGISTER_SIZE_MISMATCH', 'broadcast registers differ in size', arg.at);
      }
      width = arg.register.size;
    }
    for (let k = 0; k < width; k++) {
      const qubits = args.map((a) => a.register.start + (a.index ?? k));
      if (new Set(qubits).size !== qubits.length) {
        this.fail('DUPLICATE_QUBIT_ARGUMENT', `gate "${gate}" names a qubit twice`, name.at);
      }
      const measured = qubits.find((q) => this.measured.has(q));
      if (measured !== undefined) {
        this.fail(
          'GATE_AFTER_MEASURE',
          `gate "${gate}" acts on a qubit that was already measured (only terminal measurement is supported)`,
          name.at,
        );
      }
      this.push({ kind: 'gate', gate, parameters, qubits, line: name.at.line });
    }
  }

  private push(operation: Operation): void {
    if (this.operations.length >= MAX_OPERATIONS) {
      this.fail('TOO_MANY_OPERATIONS', `program has more than ${MAX_OPERATIONS} operations`);
    }
    this.operations.push(operation);
  }

  // --- arguments -----------------------------------------------------------

  private findRegister(name: string): { register: Register; kind: 'qreg' | 'creg' } | undefined {
    const q = this.qregs.find((r) => r.name === name);
    if (q !== undefined) return { register: q, kind: 'qreg' };
    const c = this.cregs.find((r) => r.name === name);
    return c === undefined ? undefined : { register: c, kind: 'creg' };
  }

  private argument(kind: 'qreg' | 'creg'): Argument {
    const name = this.expectIdentifier();
    const found = this.findRegister(name.text);
    if (found === undefined) {
      this.fail('UNDECLARED_REGISTER', `register "${name.text}" is not declared`, name.at);
    }
    if (found.kind !== kind) {
      const wanted = kind === 'qreg' ? 'a quantum' : 'a classical';
      this.fail('REGISTER_KIND_MISMATCH', `"${name.text}" is not ${wanted} register`, name.at);
    }
    if (!this.isSymbol('[')) return { register: found.register, at: name.at };
    this.next();
    const index = this.expectInteger();
    this.expectSymbol(']');
    if (index.value >= found.register.size) {
      this.fail(
        'INDEX_OUT_OF_RANGE',
        `index ${index.value} is outside "${name.text}[${found.register.size}]"`,
        index.at,
      );
    }
    return { register: found.register, index: index.value, at: name.at };
  }

  private expand(arg: Argument): number[] {
    if (arg.index !== undefined) return [arg.register.start + arg.index];
    return Array.from({ length: arg.register.size }, (_, i) => arg.register.start + i);
  }

  // --- parameter expressions -----------------------------------------------

  private parameter(): number {
    const at = this.peek().at;
    const value = this.expression(0);
    if (!Number.isFinite(value)) {
      this.fail('INVALID_PARAMETER', 'gate parameter is not a finite number', at);
    }
    return value;
  }

  private expression(depth: number): number {
    if (depth > MAX_EXPRESSION_DEPTH) this.fail('SYNTAX', 'expression nested too deeply');
    let value = this.term(depth);
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const op = this.next().text;
      const rhs = this.term(depth);
      value = op === '+' ? value + rhs : value - rhs;
    }
    return value;
  }

  private term(depth: number): number {
    let value = this.power(depth);
    while (this.isSymbol('*') || this.isSymbol('/')) {
      const op = this.next().text;
      const rhs = this.power(depth);
      value = op === '*' ? value * rhs : value / rhs;
    }
    return value;
  }

  private power(depth: number): number {
    const base = this.unary(depth);
    if (!this.isSymbol('^')) return base;
    this.next();
    return base ** this.power(depth + 1);
  }

  private unary(depth: number): number {
    if (this.isSymbol('-')) {
      this.next();
      return -this.unary(depth + 1);
    }
    if (this.isSymbol('+')) {
      this.next();
      return this.unary(depth + 1);
    }
    return this.primary(depth);
  }

  private primary(depth: number): number {
    const token = this.peek();
    if (token.kind === 'number') {
      this.next();
      return Number(token.text);
    }
    if (token.kind === 'identifier') {
      this.next();
      if (token.text === 'pi') return Math.PI;
      const fn = Object.hasOwn(FUNCTIONS, token.text) ? FUNCTIONS[token.text] : undefined;
      if (fn === undefined) {
        this.fail('SYNTAX', `unknown name "${token.text}" in expression`, token.at);
      }
      this.expectSymbol('(');
      const argument = this.expression(depth + 1);
      this.expectSymbol(')');
      return fn(argument);
    }
    if (this.isSymbol('(')) {
      this.next();
      const value = this.expression(depth + 1);
      this.expectSymbol(')');
      return value;
    }
    return this.fail('SYNTAX', `expected an expression but found ${this.describe(token)}`);
  }
}
