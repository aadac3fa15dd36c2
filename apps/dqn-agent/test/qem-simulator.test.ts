import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ExecutionError,
  evolve,
  executeCircuit,
  parseQasm,
  QasmError,
  seededRandom,
} from '../src/qem/index.js';

const HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';

function run(source: string, shots = 1000, seed = 7) {
  return executeCircuit(parseQasm(source), { shots, random: seededRandom(seed) });
}

function amplitudes(source: string): [number, number][] {
  const state = evolve(parseQasm(source));
  return Array.from(state.re, (re, i) => [re, state.im[i]!]);
}

describe('state-vector simulator: known results', () => {
  it('X flips |0⟩ to |1⟩ and H·H is the identity', () => {
    expect(run(`${HEADER}qreg q[1];creg c[1];x q[0];measure q[0]->c[0];`).counts).toEqual({
      '1': 1000,
    });
    expect(run(`${HEADER}qreg q[1];creg c[1];h q[0];h q[0];measure q->c;`).counts).toEqual({
      '0': 1000,
    });
    const plus = amplitudes(`${HEADER}qreg q[1];h q[0];`);
    expect(plus[0]![0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(plus[1]![0]).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('HZH = X and S·S = Z, T^2 = S', () => {
    expect(run(`${HEADER}qreg q[1];creg c[1];h q;z q;h q;measure q->c;`).counts).toEqual({
      '1': 1000,
    });
    const ss = amplitudes(`${HEADER}qreg q[1];x q;s q;s q;`);
    expect(ss[1]).toEqual([-1, expect.closeTo(0, 14)]);
    const tt = amplitudes(`${HEADER}qreg q[1];x q;t q;t q;`);
    expect(tt[1]![0]).toBeCloseTo(0, 14);
    expect(tt[1]![1]).toBeCloseTo(1, 14);
  });

  it('Bell state: only 00 and 11, about half each', () => {
    const { counts } = run(
      `${HEADER}qreg q[2];creg c[2];h q[0];cx q[0],q[1];measure q->c;`,
      4000,
      42,
    );
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    // Binomial(4000, 1/2): σ ≈ 32, so ±200 is over 6σ.
    expect(Math.abs(counts['00']! - 2000)).toBeLessThan(200);
    expect(counts['00']! + counts['11']!).toBe(4000);
  });

  it.each([3, 5, 8])('GHZ on %i qubits: only all-zeros and all-ones', (n) => {
    let src = `${HEADER}qreg q[${n}];creg c[${n}];h q[0];`;
    for (let i = 1; i < n; i++) src += `cx q[${i - 1}],q[${i}];`;
    src += 'measure q->c;';
    const { counts } = run(src, 2000, n);
    expect(Object.keys(counts).sort()).toEqual(['0'.repeat(n), '1'.repeat(n)]);
    expect(Math.abs(counts['0'.repeat(n)]! - 1000)).toBeLessThan(150);
  });

  it('QFT of a basis state gives amplitudes e^{2πi·xk/N}/√N', () => {
    const n = 4;
    const N = 2 ** n;
    for (const x of [0, 1, 5, 11]) {
      let src = `${HEADER}qreg q[${n}];`;
      for (let b = 0; b < n; b++) if ((x >> b) & 1) src += `x q[${b}];`;
      for (let j = n - 1; j >= 0; j--) {
        src += `h q[${j}];`;
        for (let k = j - 1; k >= 0; k--) src += `cu1(pi/${2 ** (j - k)}) q[${k}],q[${j}];`;
      }
      for (let i = 0; i < n / 2; i++) src += `swap q[${i}],q[${n - 1 - i}];`;
      const amps = amplitudes(src);
      for (let k = 0; k < N; k++) {
        const angle = (2 * Math.PI * x * k) / N;
        expect(amps[k]![0]).toBeCloseTo(Math.cos(angle) / Math.sqrt(N), 12);
        expect(amps[k]![1]).toBeCloseTo(Math.sin(angle) / Math.sqrt(N), 12);
      }
    }
  });

  it('Toffoli and Fredkin act on their truth tables', () => {
    expect(
      run(`${HEADER}qreg q[3];creg c[3];x q[0];x q[1];ccx q[0],q[1],q[2];measure q->c;`).counts,
    ).toEqual({
      '111': 1000,
    });
    expect(
      run(`${HEADER}qreg q[3];creg c[3];x q[0];ccx q[0],q[1],q[2];measure q->c;`).counts,
    ).toEqual({
      '001': 1000,
    });
    expect(
      run(`${HEADER}qreg q[3];creg c[3];x q[0];x q[1];cswap q[0],q[1],q[2];measure q->c;`).counts,
    ).toEqual({
      '101': 1000,
    });
  });

  it('keys list the last classical register first, bits high to low', () => {
    const src = `${HEADER}qreg q[3];creg a[1];creg b[2];x q[0];x q[2];measure q[0]->a[0];measure q[1]->b[0];measure q[2]->b[1];`;
    expect(run(src, 10).counts).toEqual({ '10 1': 10 });
  });

  it('ry(θ) gives P(1) = sin²(θ/2)', () => {
    const { counts } = run(`${HEADER}qreg q[1];creg c[1];ry(2*pi/3) q[0];measure q->c;`, 20000, 3);
    expect(counts['1']! / 20000).toBeCloseTo(0.75, 1);
  });

  it('is reproducible from the seed', () => {
    const src = `${HEADER}qreg q[3];creg c[3];h q;measure q->c;`;
    expect(run(src, 500, 9).counts).toEqual(run(src, 500, 9).counts);
    expect(run(src, 500, 9).counts).not.toEqual(run(src, 500, 10).counts);
  });
});

describe('noise model', () => {
  const bell = parseQasm(`${HEADER}qreg q[2];creg c[2];h q[0];cx q[0],q[1];measure q->c;`);

  it('noise off keeps the exact distribution; noise on produces 01/10 at the expected rate', () => {
    const noisy = executeCircuit(bell, {
      shots: 20000,
      random: seededRandom(1),
      noise: { fidelity1q: 0.99, fidelity2q: 0.9, readoutError: 0 },
    });
    expect(noisy.expectedFidelity).toBeCloseTo(0.99 * 0.9, 12);
    // With prob 1−F a shot is uniform over 4 outcomes, so half of those land on 01/10.
    const wrong = ((noisy.counts['01'] ?? 0) + (noisy.counts['10'] ?? 0)) / 20000;
    expect(wrong).toBeCloseTo((1 - 0.891) / 2, 1);
    expect(wrong).toBeGreaterThan(0.03);
  });

  it('readout error flips bits independently', () => {
    const zero = parseQasm(`${HEADER}qreg q[1];creg c[1];measure q->c;`);
    const r = executeCircuit(zero, {
      shots: 20000,
      random: seededRandom(2),
      noise: { fidelity1q: 1, fidelity2q: 1, readoutError: 0.1 },
    });
    expect(r.counts['1']! / 20000).toBeCloseTo(0.1, 1);
  });

  it('rejects an invalid noise model, shots and a wide circuit with typed errors', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof ExecutionError) return `${e.code}:${e.field}`;
        throw e;
      }
      return 'none';
    };
    const random = seededRandom(0);
    expect(
      code(() =>
        executeCircuit(bell, {
          shots: 1,
          random,
          noise: { fidelity1q: 2, fidelity2q: 1, readoutError: 0 },
        }),
      ),
    ).toBe('INVALID_NOISE_MODEL:fidelity1q');
    expect(code(() => executeCircuit(bell, { shots: 0, random }))).toBe('INVALID_SHOTS:shots');
    expect(code(() => executeCircuit(bell, { shots: 1.5, random }))).toBe('INVALID_SHOTS:shots');
    expect(code(() => executeCircuit(bell, { shots: 1, random, maxQubits: 1 }))).toBe(
      'QUBIT_LIMIT_EXCEEDED:qubits',
    );
    expect(
      code(() => executeCircuit(parseQasm(`${HEADER}qreg q[1];h q;`), { shots: 1, random })),
    ).toBe('NO_MEASUREMENT:program');
  });
});

// --- properties -------------------------------------------------------------

type Step = { gate: string; params: number[]; qubits: number[] };

const ANGLE = fc.double({ min: -7, max: 7, noNaN: true });
const oneQubit = (n: number) =>
  fc.oneof(
    fc.record({
      gate: fc.constantFrom('x', 'y', 'z', 'h', 's', 'sdg', 't', 'tdg', 'sx', 'sxdg'),
      params: fc.constant([] as number[]),
      qubits: fc.tuple(fc.nat(n - 1)),
    }),
    fc.record({
      gate: fc.constantFrom('rx', 'ry', 'rz', 'u1', 'p'),
      params: fc.tuple(ANGLE),
      qubits: fc.tuple(fc.nat(n - 1)),
    }),
    fc.record({
      gate: fc.constant('u3'),
      params: fc.tuple(ANGLE, ANGLE, ANGLE),
      qubits: fc.tuple(fc.nat(n - 1)),
    }),
    fc.record({
      gate: fc.constant('u2'),
      params: fc.tuple(ANGLE, ANGLE),
      qubits: fc.tuple(fc.nat(n - 1)),
    }),
  );
const distinct = (n: number, k: number) =>
  fc.uniqueArray(fc.nat(n - 1), { minLength: k, maxLength: k });
const multiQubit = (n: number) =>
  fc.oneof(
    fc.record({
      gate: fc.constantFrom('cx', 'cy', 'cz', 'ch', 'swap'),
      params: fc.constant([] as number[]),
      qubits: distinct(n, 2),
    }),
    fc.record({
      gate: fc.constantFrom('crz', 'cu1', 'cp'),
      params: fc.tuple(ANGLE),
      qubits: distinct(n, 2),
    }),
    fc.record({
      gate: fc.constantFrom('ccx', 'cswap'),
      params: fc.constant([] as number[]),
      qubits: distinct(n, 3),
    }),
  );
const circuitArb = fc.integer({ min: 3, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    steps: fc.array(fc.oneof(oneQubit(n), multiQubit(n)), { maxLength: 25 }),
  }),
);

function inverse(step: Step): Step {
  const [a = 0, b = 0, c = 0] = step.params;
  switch (step.gate) {
    case 's':
      return { ...step, gate: 'sdg' };
    case 'sdg':
      return { ...step, gate: 's' };
    case 't':
      return { ...step, gate: 'tdg' };
    case 'tdg':
      return { ...step, gate: 't' };
    case 'sx':
      return { ...step, gate: 'sxdg' };
    case 'sxdg':
      return { ...step, gate: 'sx' };
    case 'u3':
      return { ...step, params: [-a, -c, -b] };
    case 'u2':
      return { ...step, gate: 'u3', params: [-Math.PI / 2, -b, -a] };
    default:
      return { ...step, params: step.params.map((p) => -p) };
  }
}

const render = (s: Step): string =>
  `${s.gate}${s.params.length ? `(${s.params.map((p) => p.toPrecision(17)).join(',')})` : ''} ${s.qubits
    .map((q) => `q[${q}]`)
    .join(',')};`;

describe('simulator properties', () => {
  it('every circuit preserves the norm', () => {
    fc.assert(
      fc.property(circuitArb, ({ n, steps }) => {
        const state = evolve(parseQasm(`${HEADER}qreg q[${n}];${steps.map(render).join('')}`));
        expect(state.norm()).toBeCloseTo(1, 10);
      }),
      { numRuns: 150 },
    );
  });

  it('a circuit followed by its inverse is the identity', () => {
    fc.assert(
      fc.property(circuitArb, ({ n, steps }) => {
        const inv = [...steps].reverse().map(inverse);
        const state = evolve(
          parseQasm(`${HEADER}qreg q[${n}];${[...steps, ...inv].map(render).join('')}`),
        );
        expect(Math.hypot(state.re[0]!, state.im[0]!)).toBeCloseTo(1, 9);
      }),
      { numRuns: 150 },
    );
  });

  it('counts always sum to the shots', () => {
    fc.assert(
      fc.property(
        circuitArb,
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        ({ n, steps }, shots, seed) => {
          const src = `${HEADER}qreg q[${n}];creg c[${n}];${steps.map(render).join('')}measure q->c;`;
          const { counts } = executeCircuit(parseQasm(src), {
            shots,
            random: seededRandom(seed),
            noise: { fidelity1q: 0.999, fidelity2q: 0.95, readoutError: 0.02 },
          });
          expect(Object.values(counts).reduce((s, x) => s + x, 0)).toBe(shots);
          for (const key of Object.keys(counts)) expect(key).toMatch(new RegExp(`^[01]{${n}}$`));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the parser throws nothing but QasmError on arbitrary input', () => {
    const fragments = fc.constantFrom(
      'OPENQASM 2.0;',
      'qreg q[2];',
      'creg c[2];',
      'h q[0];',
      'cx q[0],q[1];',
      'measure q -> c;',
      'rx(pi/',
      ')',
      '[',
      ';',
      'q[9]',
      '"',
      '->',
      'gate',
      '1e999',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fragments).map((a) => a.join(' ')),
        ),
        (src) => {
          try {
            parseQasm(src);
          } catch (e) {
            expect(e).toBeInstanceOf(QasmError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
