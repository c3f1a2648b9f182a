import * as t from 'io-ts';
import { reportFirst } from '../../src/guard/io-ts-report';
import { Rank, reportErrors } from '../../src/wire';

const report = (codec: t.Mixed, value: unknown) => {
  const r = codec.decode(value);
  if (r._tag === 'Right') throw new Error('expected a failure');
  return reportErrors(r.left).message;
};

describe('reportErrors', () => {
  const Body = t.type({ vote: t.type({ rank: Rank, tags: t.array(t.string) }) });

  it('names the path and the reason', () => {
    expect(report(Body, { vote: { rank: 'x', tags: [] } })).toBe(
      'vote.rank: expected non-negative integer, got string "x"',
    );
    expect(report(Body, { vote: { rank: 1, tags: ['a', 2] } })).toBe(
      'vote.tags[1]: expected string, got number 2',
    );
    expect(report(Body, { vote: {} })).toBe(
      'vote.rank: expected non-negative integer, got nothing (missing)',
    );
    expect(report(Body, 'nope')).toMatch(/^\(root\): expected /);
  });

  it('never throws on values JSON.stringify cannot handle', () => {
    expect(report(Body, { vote: { rank: 10n, tags: [] } })).toBe(
      'vote.rank: expected non-negative integer, got bigint 10n',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic['c'] = cyclic;
    expect(() => report(Body, { vote: cyclic })).not.toThrow();
    expect(report(t.string, Symbol('s'))).toBe('(root): expected string, got symbol');
  });
});

describe('reportFirst (the one io-ts reporter)', () => {
  const Body = t.type({ vote: t.type({ rank: Rank, tags: t.array(t.string) }) });
  const first = (value: unknown, root?: string) => {
    const r = Body.decode(value);
    if (r._tag === 'Right') throw new Error('expected a failure');
    return reportFirst(r.left, root);
  };

  it('spells a path under the root the caller names, as reportErrors does without one', () => {
    expect(first({ vote: { rank: 1, tags: ['a', 2] } }, 'vote')).toEqual({
      field: 'vote.vote.tags[1]',
      problem: 'expected string, got number 2',
    });
    expect(first({ vote: { rank: 1, tags: ['a', 2] } })).toEqual({
      field: 'vote.tags[1]',
      problem: 'expected string, got number 2',
    });
    expect(first('nope', 'scenario').field).toBe('scenario');
  });
});
