import { afterAll, describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../src/faults.js';
import { WorkerPool } from '../src/job-pool.js';
import { type NodeExecutionContext, runJob } from '../src/job-runner.js';

const HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';
const PROGRAMS = [
  `${HEADER}qreg q[2];creg c[2];h q[0];cx q[0],q[1];measure q->c;`,
  `${HEADER}qreg q[5];creg c[5];h q;rz(0.3) q[1];cx q[1],q[2];ccx q[0],q[2],q[4];u3(0.1,0.2,0.3) q[3];measure q->c;`,
  `${HEADER}qreg a[3];qreg b[2];creg x[3];creg y[2];ry(pi/3) a;cswap a[0],b[0],b[1];measure a->x;measure b->y;`,
];
const NODE: NodeExecutionContext = {
  qubits: 8,
  nominal: { fidelity1q: 0.99, fidelity2q: 0.95 },
  readoutError: 0.02,
  faults: NO_FAULTS,
  seed: new Uint8Array(32),
  maxGates: 1024,
};

describe('job worker pool', () => {
  const pool = new WorkerPool({ size: 2, maxQueued: 16 });
  afterAll(() => pool.close());

  it('returns exactly the in-thread results for the same seeds', async () => {
    const cases = PROGRAMS.flatMap((program, p) =>
      [1, 2, 3].map((s) => ({
        job: { jobId: `j${p}-${s}`, program, shots: 2000 },
        node: { ...NODE, seed: new Uint8Array(32).fill(s * 17 + p) },
      })),
    );
    const pooled = await Promise.all(cases.map(({ job, node }) => pool.submit(job, node)!));
    for (const [i, { job, node }] of cases.entries()) {
      const inThread = runJob(job, node);
      expect(inThread.ok).toBe(true);
      expect(JSON.stringify(pooled[i]!.outcome)).toBe(JSON.stringify(inThread));
    }
  });

  it('passes failures through and refuses jobs beyond its workers and queue', async () => {
    const bad = await pool.submit({ jobId: 'x', program: `${HEADER}foo;`, shots: 1 }, NODE)!;
    expect(bad.outcome).toMatchObject({ ok: false, code: 'UNKNOWN_GATE', line: 3 });
    const gates = `${HEADER}qreg q[2];creg c[2];${'x q[0];'.repeat(5)}measure q->c;`;
    const capped = await pool.submit(
      { jobId: 'g', program: gates, shots: 1 },
      { ...NODE, maxGates: 4 },
    )!;
    expect(capped.outcome).toMatchObject({ ok: false, code: 'TOO_MANY_GATES' });
    const small = new WorkerPool({ size: 1, maxQueued: 1 });
    const job = { jobId: 'b', program: PROGRAMS[0]!, shots: 10 };
    const first = small.submit(job, NODE);
    const second = small.submit(job, NODE);
    expect(small.submit(job, NODE)).toBeUndefined();
    expect(small.pending).toBe(2);
    expect((await first)!.outcome.ok).toBe(true);
    expect((await second)!.outcome.ok).toBe(true);
    expect(small.submit(job, NODE)).toBeDefined();
    await small.close();
  });
});
