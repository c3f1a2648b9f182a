/**
 * verifying alone: confirm the finalized state once per rank (not again on re-entry by its
 * timeout), forget votes cast far below it, then `verification_done`.
 */
import { verifying } from '../../src/effects/verifying';
import { createMemoryVoteStore } from '../../src/engine/vote-store';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  ballot,
  collect,
  createHarness,
  drain,
  event,
  frame,
  testScheduler,
  update,
  type Ballot,
  type Peer,
} from './harness';

const finalized = { state: frame(6, 'f6'), rank: 6, proposer: 'n2' };
const base = { state: S.Verifying, event: E.AggregationDone } as const;

describe('verifying', () => {
  it('confirms a state finalized at a rank it has not confirmed, records that, then verification_done', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        entry: { finalized, confirmedRank: 5 },
        answers: { sendConfirmation: () => cold('--|') },
      });
      expectObservable(verifying(h.ctx)).toBe('--(ab|)', {
        a: update({ kind: 'confirmed', rank: 6 }),
        b: event(E.VerificationDone),
      });
      flush();
      expect(h.calls.map((c) => [c.method, c.args])).toEqual([['sendConfirmation', [frame(6, 'f6')]]]);
    });
  });

  it.each([
    ['re-entered after confirming this rank', 6],
    ['having confirmed a later rank', 8],
  ])('%s: does not confirm again, only verification_done', (_name, confirmedRank) => {
    const h = createHarness(testScheduler(), {
      ...base,
      event: E.VerificationTimeout,
      entry: { finalized, confirmedRank },
    });
    expect(collect(verifying(h.ctx))).toEqual({ values: [event(E.VerificationDone)], complete: true });
    expect(h.calls).toEqual([]);
  });

  it('with nothing finalized: nothing to confirm or forget, only verification_done', () => {
    const pruned: number[] = [];
    const store = {
      ...createMemoryVoteStore<Ballot, Peer>(),
      pruneThrough: (r: number) => void pruned.push(r),
    };
    const h = createHarness(testScheduler(), { ...base, entry: { finalized: null }, voteStore: store });
    expect(collect(verifying(h.ctx)).values).toEqual([event(E.VerificationDone)]);
    expect(h.calls).toEqual([]);
    expect(pruned).toEqual([]);
  });

  it('forgets the votes it cast a rank window or more below the finalized rank', () => {
    const store = createMemoryVoteStore<Ballot, Peer>();
    for (const rank of [1, 2, 3, 4]) store.record({ rank, proposer: 'n1', vote: ballot(rank, 'n1') });
    const h = createHarness(testScheduler(), {
      ...base,
      rankWindow: 3,
      entry: { finalized, confirmedRank: 6 },
      voteStore: store,
    });
    collect(verifying(h.ctx));
    expect([1, 2, 3, 4].map((r) => store.votedAt(r) !== undefined)).toEqual([false, false, false, true]);
  });

  it('forgets old votes only after the confirmation is sent, and works with a store that cannot forget', () => {
    const order: string[] = [];
    const store = {
      votedAt: () => undefined,
      record: () => undefined,
      pruneThrough: (r: number) => void order.push(`prune ${r}`),
    };
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { finalized, confirmedRank: -1 },
      voteStore: store,
      answers: { sendConfirmation: () => void order.push('confirm') },
    });
    collect(verifying(h.ctx));
    expect(order).toEqual(['confirm', 'prune -10']);
    const plain = createHarness(testScheduler(), {
      ...base,
      entry: { finalized, confirmedRank: 6 },
      voteStore: { votedAt: () => undefined, record: () => undefined },
    });
    expect(collect(verifying(plain.ctx)).values).toEqual([event(E.VerificationDone)]);
  });

  it('a failed confirmation is a provider failure: not recorded as confirmed, no verification_done', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { finalized, confirmedRank: 5 },
      answers: { sendConfirmation: () => Promise.reject(new Error('offline')) },
    });
    const { error, values } = await drain(verifying(h.ctx));
    expect(error).toMatchObject({ provider: 'voting.sendConfirmation' });
    expect(values).toEqual([]);
  });
});
