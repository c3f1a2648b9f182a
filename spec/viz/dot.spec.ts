// The Graphviz digraph read back edge by edge must be exactly the transition table.
import { ALL_STATES, MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { TRANSITIONS, type Transition } from '../../src/machine/transitions';
import { DOT_START_NODE, dotQuote, toDot } from '../../src/viz';
import { normalise, parseDot, rowKeys } from './parse-diagrams';

describe('toDot', () => {
  const dot = toDot();
  const parsed = parseDot(dot);

  it('is one digraph', () => {
    expect(dot.startsWith('digraph ')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(dot.match(/digraph/g)).toHaveLength(1);
  });

  it('has one labelled edge per row of TRANSITIONS, in table order', () => {
    expect(parsed.rows).toHaveLength(TRANSITIONS.length);
    expect(parsed.rows).toEqual(TRANSITIONS.map(normalise));
    expect(rowKeys(parsed.rows)).toEqual(rowKeys(TRANSITIONS.map(normalise)));
  });

  it('dashes internal rows and only those', () => {
    expect(parsed.dashed).toEqual(TRANSITIONS.map((t) => t.internal === true));
    expect(parsed.dashed.filter(Boolean)).toHaveLength(3);
  });

  it('declares every state once, under its string name, and uses only declared nodes', () => {
    expect(parsed.nodes.filter((n) => n !== DOT_START_NODE)).toEqual([...ALL_STATES]);
    expect(new Set(parsed.nodes).size).toBe(parsed.nodes.length);
    const declared = new Set(parsed.nodes);
    for (const r of parsed.rows) {
      expect(declared.has(r.from)).toBe(true);
      expect(declared.has(r.to)).toBe(true);
    }
  });

  it('points the start marker at stopped', () => {
    expect(parsed.unlabeled).toEqual([{ from: DOT_START_NODE, to: S.Stopped }]);
    expect(parsed.nodes).toContain(DOT_START_NODE);
  });

  it('draws the table it is given, declaring only its states', () => {
    const table: Transition[] = [
      { from: S.Finalizing, event: E.AggregationDone, to: S.Verifying },
      { from: S.Voting, event: E.ProposalReceived, to: S.Voting, internal: true },
    ];
    const custom = parseDot(toDot(table, { initial: null }));
    expect(custom.rows).toEqual(table.map(normalise));
    expect(custom.dashed).toEqual([false, true]);
    expect(custom.unlabeled).toEqual([]);
    expect(custom.nodes).toEqual([S.Voting, S.Finalizing, S.Verifying]);
  });
});

describe('dotQuote', () => {
  it('escapes quotes and backslashes', () => {
    expect(dotQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
