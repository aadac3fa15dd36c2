import { describe, expect, it } from 'vitest';
import { parseQasm, QasmError, type QasmErrorCode } from '../src/qem/index.js';

const HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';

function errorOf(source: string): QasmError {
  try {
    parseQasm(source);
  } catch (e) {
    if (e instanceof QasmError) return e;
    throw e;
  }
  throw new Error('expected a QasmError');
}

describe('parseQasm', () => {
  it('parses registers, gates with expressions, broadcast and measurement', () => {
    const c = parseQasm(
      `${HEADER}qreg q[2];\nqreg r[1];\ncreg c[3];\nh q;\nrz(-pi/4 + 2*0.5^2) r[0];\nu3(pi, 0, pi) q[1];\ncx q[0], r[0];\nbarrier q, r;\nmeasure q -> c[0];\n`.replace(
        'measure q -> c[0];',
        'measure q[0] -> c[0];\nmeasure q[1] -> c[1];\nmeasure r[0] -> c[2];',
      ),
    );
    expect(c.qubits).toBe(3);
    expect(c.clbits).toBe(3);
    expect(c.qregs.map((r) => [r.name, r.start, r.size])).toEqual([
      ['q', 0, 2],
      ['r', 2, 1],
    ]);
    const gates = c.operations.filter((o) => o.kind === 'gate');
    expect(gates.map((g) => (g.kind === 'gate' ? g.gate : ''))).toEqual([
      'h',
      'h',
      'rz',
      'u3',
      'cx',
    ]);
    const rz = gates[2]!;
    expect(rz.kind === 'gate' && rz.parameters[0]).toBeCloseTo(-Math.PI / 4 + 0.5, 12);
    expect(rz.kind === 'gate' && rz.qubits).toEqual([2]);
    expect(gates[4]!.kind === 'gate' && gates[4]!.qubits).toEqual([0, 2]);
    expect(c.operations.filter((o) => o.kind === 'measure')).toHaveLength(3);
  });

  it('broadcasts whole-register measurement and two-register gates', () => {
    const c = parseQasm(`${HEADER}qreg a[3];qreg b[3];creg c[3];cx a,b;measure a -> c;`);
    const cx = c.operations.filter((o) => o.kind === 'gate');
    expect(cx.map((o) => (o.kind === 'gate' ? o.qubits : []))).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(c.operations.filter((o) => o.kind === 'measure')).toHaveLength(3);
  });

  it('accepts the header without the include and ignores comments', () => {
    const c = parseQasm(
      '// bell\nOPENQASM 2.0; // header\nqreg q[1]; creg c[1]; x q[0]; measure q[0] -> c[0];',
    );
    expect(c.operations).toHaveLength(2);
  });

  const cases: [string, string, QasmErrorCode, number, number][] = [
    ['missing header', 'qreg q[1];', 'MISSING_HEADER', 1, 1],
    ['bad version', 'OPENQASM 3.0;', 'UNSUPPORTED_VERSION', 1, 10],
    ['other include', `OPENQASM 2.0;\ninclude "stdgates.inc";`, 'UNSUPPORTED_INCLUDE', 2, 9],
    ['unknown gate', `${HEADER}qreg q[1];\nfoo q[0];`, 'UNKNOWN_GATE', 4, 1],
    ['gate definition', `${HEADER}gate g a { x a; }`, 'UNSUPPORTED_STATEMENT', 3, 1],
    [
      'if statement',
      `${HEADER}qreg q[1];creg c[1];\nif(c==1) x q[0];`,
      'UNSUPPORTED_STATEMENT',
      4,
      1,
    ],
    ['undeclared register', `${HEADER}qreg q[1];\nx r[0];`, 'UNDECLARED_REGISTER', 4, 3],
    ['index out of range', `${HEADER}qreg q[2];\nx q[2];`, 'INDEX_OUT_OF_RANGE', 4, 5],
    ['duplicate register', `${HEADER}qreg q[2];\ncreg q[2];`, 'DUPLICATE_REGISTER', 4, 6],
    ['zero size', `${HEADER}qreg q[0];`, 'INVALID_REGISTER_SIZE', 3, 8],
    ['too many qubits', `${HEADER}qreg q[12];\nqreg r[9];`, 'TOO_MANY_QUBITS', 4, 6],
    ['missing parameter', `${HEADER}qreg q[1];\nrx q[0];`, 'WRONG_PARAMETER_COUNT', 4, 1],
    ['extra parameter', `${HEADER}qreg q[1];\nh(0.1) q[0];`, 'WRONG_PARAMETER_COUNT', 4, 1],
    ['wrong arity', `${HEADER}qreg q[2];\ncx q[0];`, 'WRONG_ARGUMENT_COUNT', 4, 1],
    ['same qubit twice', `${HEADER}qreg q[2];\ncx q[1], q[1];`, 'DUPLICATE_QUBIT_ARGUMENT', 4, 1],
    ['size mismatch', `${HEADER}qreg a[2];qreg b[3];\ncx a, b;`, 'REGISTER_SIZE_MISMATCH', 4, 7],
    [
      'measure mismatch',
      `${HEADER}qreg q[2];creg c[1];\nmeasure q -> c;`,
      'REGISTER_SIZE_MISMATCH',
      4,
      1,
    ],
    [
      'classical as qubit',
      `${HEADER}qreg q[1];creg c[1];\nx c[0];`,
      'REGISTER_KIND_MISMATCH',
      4,
      3,
    ],
    [
      'gate after measure',
      `${HEADER}qreg q[1];creg c[1];measure q[0]->c[0];\nx q[0];`,
      'GATE_AFTER_MEASURE',
      4,
      1,
    ],
    ['bad character', `${HEADER}qreg q[1];\nx q[0] @;`, 'UNEXPECTED_CHARACTER', 4, 8],
    ['open string', `OPENQASM 2.0;\ninclude "qelib1.inc;\n`, 'UNTERMINATED_STRING', 2, 9],
    ['missing semicolon', `${HEADER}qreg q[1]\nx q[0];`, 'SYNTAX', 4, 1],
    ['infinite parameter', `${HEADER}qreg q[1];\nrx(1/0) q[0];`, 'INVALID_PARAMETER', 4, 4],
    ['unknown function', `${HEADER}qreg q[1];\nrx(foo(1)) q[0];`, 'SYNTAX', 4, 4],
    ['truncated', `${HEADER}qreg q[1];\nrx(`, 'SYNTAX', 4, 4],
  ];
  it.each(cases)(
    'rejects %s with a positioned typed error',
    (_name, source, code, line, column) => {
      const e = errorOf(source);
      expect(e.code).toBe(code);
      expect([e.line, e.column]).toEqual([line, column]);
    },
  );

  it('rejects an oversize source before tokenizing', () => {
    expect(errorOf(' '.repeat(300 * 1024)).code).toBe('SOURCE_TOO_LARGE');
  });

  it('honours a smaller per-node qubit limit', () => {
    expect(() => parseQasm(`${HEADER}qreg q[6];`, { maxQubits: 5 })).toThrowError(/more than 5/);
  });

  it('rejects absurdly deep expressions with a typed error instead of overflowing the stack', () => {
    const deep = `${HEADER}qreg q[1];\nrx(${'('.repeat(5000)}1${')'.repeat(5000)}) q[0];`;
    expect(errorOf(deep).code).toBe('SYNTAX');
  });
});
