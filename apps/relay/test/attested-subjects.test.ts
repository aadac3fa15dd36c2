import { describe, expect, it } from 'vitest';
import { AttestedSubjects, MAX_ATTESTED_SUBJECTS } from '../src/attested-subjects.js';

describe('AttestedSubjects', () => {
  it('maps node ids to presented aliases both ways, latest presenter winning', () => {
    const s = new AttestedSubjects();
    s.record('a1', 'vega');
    s.record('b2', 'altair');
    expect(s.aliasOf('a1')).toBe('vega');
    expect(s.nodeIdOf('altair')).toBe('b2');
    s.record('c3', 'vega');
    expect(s.nodeIdOf('vega')).toBe('c3');
    expect(s.nodeIdOf('nobody')).toBeUndefined();
  });

  it('stays bounded, forgetting the oldest identity first', () => {
    const s = new AttestedSubjects();
    for (let i = 0; i <= MAX_ATTESTED_SUBJECTS; i++) s.record(`n${i}`, `alias${i}`);
    expect(s.aliasOf('n0')).toBeUndefined();
    expect(s.aliasOf(`n${MAX_ATTESTED_SUBJECTS}`)).toBe(`alias${MAX_ATTESTED_SUBJECTS}`);
  });
});
