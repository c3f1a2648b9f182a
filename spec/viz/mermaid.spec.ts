// The Mermaid state diagram read back edge by edge must be exactly the transition table.
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { TRANSITIONS, type Transition } from '../../src/machine/transitions';
import { mermaidFence, toMermaid } from '../../src/viz';
import { normalise, parseMermaid, rowKeys } from './parse-diagrams';

describe('toMermaid', () => {
  const parsed = parseMermaid(toMermaid());

  it('is a bare stateDiagram-v2 (no code fences)', () => {
    expect(parsed.header).toBe('stateDiagram-v2');
    expect(toMermaid()).not.toContain('```');
  });

  it('starts at stopped', () => {
    expect(parsed.start).toEqual([S.Stopped]);
  });

  it('has one edge per row of TRANSITIONS, in table order, internal rows marked', () => {
    expect(parsed.rows).toHaveLength(TRANSITIONS.length);
    expect(parsed.rows).toEqual(TRANSITIONS.map(normalise));
    expect(rowKeys(parsed.rows)).toEqual(rowKeys(TRANSITIONS.map(normalise)));
  });

  it('marks exactly the internal rows', () => {
    const internal = parsed.rows.filter((r) => r.internal).map((r) => `${r.from}:${r.event}`);
    expect(internal.sort()).toEqual(
      ['liveness_check:liveness_check_received', 'voting:proposal_received', 'voting:vote_received'].sort(),
    );
    expect(toMermaid()).toContain('voting --> voting : vote_received (internal)');
    expect(toMermaid()).toContain('voting --> voting : voting_timeout\n');
  });

  it('draws the table it is given, not a fixed one', () => {
    const table: Transition[] = [
      { from: S.Voting, event: E.QuorumReached, to: S.Finalizing },
      { from: S.Voting, event: E.VoteReceived, to: S.Voting, internal: true },
    ];
    const custom = parseMermaid(toMermaid(table, { initial: S.Voting }));
    expect(custom.start).toEqual([S.Voting]);
    expect(custom.rows).toEqual(table.map(normalise));
  });

  it('omits the start marker when initial is null', () => {
    expect(parseMermaid(toMermaid(TRANSITIONS, { initial: null })).start).toEqual([]);
  });
});

describe('mermaidFence', () => {
  it('wraps a diagram in a mermaid code fence', () => {
    const fenced = mermaidFence(toMermaid());
    const lines = fenced.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines[1]).toBe('stateDiagram-v2');
    expect(lines[lines.length - 1]).toBe('```');
    expect(parseMermaid(lines.slice(1, -1).join('\n')).rows).toHaveLength(TRANSITIONS.length);
  });
});
