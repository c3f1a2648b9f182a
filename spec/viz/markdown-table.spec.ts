// The Markdown table has one row per transition, with the right kind for each.
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { TRANSITIONS, type Transition } from '../../src/machine/transitions';
import { toMarkdownTable } from '../../src/viz';
import { parseMarkdownTable } from './parse-diagrams';

describe('toMarkdownTable', () => {
  const table = parseMarkdownTable(toMarkdownTable());
  const rowFor = (from: string, event: string): string[] | undefined =>
    table.rows.find((r) => r[0] === from && r[1] === event);

  it('has the columns from | event | to | kind', () => {
    expect(table.header).toEqual(['from', 'event', 'to', 'kind']);
  });

  it('has one row per transition, in table order', () => {
    expect(table.rows).toHaveLength(TRANSITIONS.length);
    expect(table.rows.map(([from, event, to]) => ({ from, event, to }))).toEqual(
      TRANSITIONS.map(({ from, event, to }) => ({ from, event, to })),
    );
  });

  it('names each row kind', () => {
    expect(rowFor(S.Stopped, E.Start)).toEqual([S.Stopped, E.Start, S.Starting, 'transition']);
    expect(rowFor(S.Voting, E.VoteReceived)).toEqual([S.Voting, E.VoteReceived, S.Voting, 'internal']);
    expect(rowFor(S.Voting, E.VotingTimeout)).toEqual([S.Voting, E.VotingTimeout, S.Voting, 'self-loop']);
    expect(rowFor(S.Loading, E.InduceSync)).toEqual([S.Loading, E.InduceSync, S.Loading, 'self-loop']);
    for (const [from, , to, kind] of table.rows) {
      if (kind === 'transition') expect(from).not.toBe(to);
      else expect(from).toBe(to);
    }
    expect(table.rows.filter((r) => r[3] === 'internal')).toHaveLength(
      TRANSITIONS.filter((t) => t.internal === true).length,
    );
  });

  it('tabulates the table it is given', () => {
    const custom: Transition[] = [{ from: S.Stopping, event: E.CleanupComplete, to: S.Stopped }];
    expect(parseMarkdownTable(toMarkdownTable(custom)).rows).toEqual([
      [S.Stopping, E.CleanupComplete, S.Stopped, 'transition'],
    ]);
  });
});
