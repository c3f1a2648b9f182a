/**
 * finalizing alone: hand the round's proposals and votes to `finalizeVotes`, then record the
 * finalized state (at its own rank, with its proposer) and `aggregation_done`.
 */
import { finalizing } from '../../src/effects/finalizing';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { ballot, collect, createHarness, drain, event, frame, read, testScheduler, update } from './harness';

const base = { state: S.Finalizing, event: E.QuorumReached } as const;

describe('finalizing', () => {
  it('finalizes the proposals and votes of the round in progress, then aggregation_done', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        stored: [
          read.proposal('n1', frame(6, 'a')),
          read.proposal('n2', frame(6, 'b')),
          read.vote('n1', 'n1', ballot(6, 'n1', 'a')),
          read.vote('n1', 'n3', ballot(6, 'n3', 'a')),
          read.proposal('n1', frame(7, 'later')),
          read.vote('n1', 'n1', ballot(7, 'n1', 'later')),
        ],
        answers: { finalizeVotes: () => cold('--a|', { a: { state: frame(6, 'a'), proposer: 'n1' } }) },
      });
      expectObservable(finalizing(h.ctx)).toBe('--(ab|)', {
        a: update({ kind: 'finalized', state: frame(6, 'a'), proposer: 'n1', rank: 6 }),
        b: event(E.AggregationDone),
      });
      flush();
      expect(h.calls.map((c) => [c.method, c.args])).toEqual([
        [
          'finalizeVotes',
          [
            new Map([
              ['n1', frame(6, 'a')],
              ['n2', frame(6, 'b')],
            ]),
            new Map([
              ['n1', ballot(6, 'n1', 'a')],
              ['n3', ballot(6, 'n3', 'a')],
            ]),
          ],
        ],
      ]);
    });
  });

  it('hands the provider maps of its own (changing them changes nothing stored)', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [read.proposal('n1', frame(6, 'a'))],
      answers: {
        finalizeVotes: (proposals) => {
          (proposals as Map<string, unknown>).clear();
          return { state: frame(6, 'a'), proposer: 'n1' };
        },
      },
    });
    expect(collect(finalizing(h.ctx)).error).toBeUndefined();
    expect(h.ctx.entry.rounds.at(6)!.proposals.size).toBe(1);
  });

  it('with no round data: finalizes empty maps', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      answers: { finalizeVotes: () => ({ state: frame(6), proposer: 'n1' }) },
    });
    expect(collect(finalizing(h.ctx)).error).toBeUndefined();
    expect(h.callsTo('finalizeVotes')[0]!.args).toEqual([new Map(), new Map()]);
  });

  it('records the rank the finalized state carries', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      answers: { finalizeVotes: () => ({ state: frame(9), proposer: 'n2' }) },
    });
    const { values } = collect(finalizing(h.ctx));
    expect(values[0]).toEqual(update({ kind: 'finalized', state: frame(9), proposer: 'n2', rank: 9 }));
  });

  it.each([
    ['without a proposer', () => ({ state: frame(6) }), 'voting.finalizeVotes', 'answer lacks proposer'],
    ['that is not an object', () => 7, 'voting.finalizeVotes', 'expected { state, proposer }'],
    [
      'whose state has no rank',
      () => ({ state: { id: 'x' }, proposer: 'n1' }),
      'domain.state.rank',
      'rank()',
    ],
    [
      'whose state has a negative rank',
      () => ({ state: frame(-2), proposer: 'n1' }),
      'domain.state.rank',
      '-2',
    ],
  ])(
    'an answer %s is a provider failure, and nothing is finalized',
    async (_name, answer, provider, text) => {
      const h = createHarness(testScheduler(), { ...base, answers: { finalizeVotes: answer as never } });
      const { error, values } = await drain(finalizing(h.ctx));
      expect(error).toMatchObject({ provider });
      expect((error as Error).message).toContain(text);
      expect(values).toEqual([]);
    },
  );
});
