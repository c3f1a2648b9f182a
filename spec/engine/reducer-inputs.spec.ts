/**
 * The reducer's inputs other than table events: inbound data (stored first-write-wins, duplicates,
 * conflicts and equivocation, the rank window, the per-rank limit), `advance`, effect `update`s
 * (applied only for the entry that sent them), `settle`, `fault`, and the data a transition
 * resets or carries on entry.
 */
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import type { InboundKind, Update } from '../../src/engine/inputs';
import { createReducer, faulted } from '../../src/engine/reducer';
import { indexTransitions, TRANSITION_INDEX } from '../../src/machine/transitions';
import { initialSnapshot, roundCounts } from '../../src/engine/snapshot';
import { inbound, LIMIT, reducer, snapshotIn, stored, WINDOW, type Snap } from './reducer-support';

const reduce = reducer();
const NOW = 300;
const KINDS: InboundKind[] = ['proposal', 'vote', 'liveness', 'confirmation'];

describe('inbound data', () => {
  describe.each(KINDS)('a %s', (kind) => {
    it('is stored at its rank in a state with no row for its event (data for later)', () => {
      const before = snapshotIn(S.Collecting);
      const m = inbound(kind, 6, 'p1');
      const { snapshot, outcome, input } = reduce(before, m, NOW);
      expect(outcome).toEqual({ type: 'stored', kind });
      expect(input).toBe(m);
      expect(stored(snapshot, kind, 6)).toEqual(new Map([['p1', m.item]]));
      expect(snapshot.state).toBe(S.Collecting);
      expect(snapshot.transitionCount).toBe(before.transitionCount);
      expect(snapshot.rounds.at(6)!.rank).toBe(6);
      // The input snapshot keeps its own (empty) round data.
      expect(stored(before, kind, 6).size).toBe(0);
    });

    it('keeps each sender apart, and ranks apart', () => {
      let s = snapshotIn(S.Collecting);
      for (const m of [inbound(kind, 6, 'p1'), inbound(kind, 6, 'p2'), inbound(kind, 7, 'p1')])
        s = reduce(s, m, NOW).snapshot;
      expect([...stored(s, kind, 6).keys()]).toEqual(['p1', 'p2']);
      expect([...stored(s, kind, 7).keys()]).toEqual(['p1']);
      expect(s.rounds.ranks()).toEqual([6, 7]);
    });

    it('again, identical: a duplicate, nothing changes', () => {
      const first = reduce(snapshotIn(S.Collecting), inbound(kind, 6, 'p1'), NOW).snapshot;
      const { snapshot, outcome } = reduce(first, inbound(kind, 6, 'p1'), NOW);
      expect(outcome).toEqual({ type: 'duplicate', kind });
      expect(snapshot).toBe(first);
    });

    it('at or below the active rank: refused as stale', () => {
      const before = snapshotIn(S.Collecting);
      for (const rank of [5, 4, 0]) {
        const { snapshot, outcome } = reduce(before, inbound(kind, rank, 'p1'), NOW);
        expect(outcome).toEqual({
          type: 'rejected',
          rejection: { reason: 'stale', kind, rank, activeRank: 5 },
        });
        expect(snapshot).toBe(before);
      }
    });

    it('within the window: stored; beyond it: refused as too far ahead', () => {
      const before = snapshotIn(S.Collecting);
      expect(reduce(before, inbound(kind, 5 + WINDOW, 'p1'), NOW).outcome).toEqual({ type: 'stored', kind });
      const far = reduce(before, inbound(kind, 6 + WINDOW, 'p1'), NOW);
      expect(far.outcome).toEqual({
        type: 'rejected',
        rejection: { reason: 'too_far_ahead', kind, rank: 6 + WINDOW, activeRank: 5, window: WINDOW },
      });
      expect(far.snapshot).toBe(before);
    });

    it(`past ${LIMIT} items at a rank: refused as rank_full; duplicates still recognized`, () => {
      let s = snapshotIn(S.Collecting);
      for (const key of ['p1', 'p2', 'p3']) s = reduce(s, inbound(kind, 6, key), NOW).snapshot;
      const full = reduce(s, inbound(kind, 6, 'p4'), NOW);
      expect(full.outcome).toEqual({
        type: 'rejected',
        rejection: { reason: 'rank_full', kind, rank: 6, limit: LIMIT },
      });
      expect(full.snapshot).toBe(s);
      expect(reduce(s, inbound(kind, 6, 'p2'), NOW).outcome).toEqual({ type: 'duplicate', kind });
      // Another rank has its own limit.
      expect(reduce(s, inbound(kind, 7, 'p4'), NOW).outcome).toEqual({ type: 'stored', kind });
    });
  });

  it.each(['proposal', 'liveness', 'confirmation'] as const)(
    'a different %s from the same sender at a rank: a conflict, the first stays',
    (kind) => {
      const firstMessage = inbound(kind, 6, 'p1', 'a');
      const first = reduce(snapshotIn(S.Collecting), firstMessage, NOW).snapshot;
      const second = inbound(kind, 6, 'p1', 'b');
      const { snapshot, outcome } = reduce(first, second, NOW);
      expect(outcome).toEqual({
        type: 'rejected',
        rejection: {
          reason: 'conflict',
          kind,
          rank: 6,
          peerId: 'p1',
          firstId: 'a',
          secondId: 'b',
          first: firstMessage.item,
          second: second.item,
        },
      });
      expect(snapshot).toBe(first);
      expect(stored(snapshot, kind, 6).get('p1')).toEqual(firstMessage.item);
    },
  );

  it('a different vote from the same voter at a rank: equivocation, with both votes as evidence', () => {
    const first = reduce(snapshotIn(S.Voting), inbound('vote', 6, 'v1', 'for-a'), NOW).snapshot;
    const { snapshot, outcome } = reduce(first, inbound('vote', 6, 'v1', 'for-b'), NOW);
    expect(outcome).toEqual({
      type: 'rejected',
      rejection: {
        reason: 'equivocation',
        rank: 6,
        voterId: 'v1',
        first: { proposer: 'leader-of-for-a', voter: 'v1', vote: 'for-a', voteId: 'for-a' },
        second: { proposer: 'leader-of-for-b', voter: 'v1', vote: 'for-b', voteId: 'for-b' },
      },
    });
    expect(snapshot).toBe(first);
  });

  it('a confirmation is data in every state: stored, never a transition', () => {
    for (const state of [S.Voting, S.Verifying, S.Finalizing]) {
      const { snapshot, outcome } = reduce(snapshotIn(state), inbound('confirmation', 6, 'p1'), NOW);
      expect(outcome).toEqual({ type: 'stored', kind: 'confirmation' });
      expect(snapshot.state).toBe(state);
    }
  });

  it('roundCounts reads how many items of each kind each open rank holds', () => {
    let s = snapshotIn(S.Collecting);
    for (const m of [
      inbound('vote', 6, 'v1'),
      inbound('vote', 6, 'v2'),
      inbound('proposal', 6, 'p1'),
      inbound('liveness', 8, 'p1'),
    ])
      s = reduce(s, m, NOW).snapshot;
    expect(roundCounts(s)).toEqual([
      { rank: 6, liveness: 0, proposals: 1, votes: 2, confirmations: 0 },
      { rank: 8, liveness: 1, proposals: 0, votes: 0, confirmations: 0 },
    ]);
  });

  it('without a per-rank limit, any number of items is stored', () => {
    const unlimited = createReducer<Snap['activeState'] & object, string, string, string>({
      transitions: TRANSITION_INDEX,
      rankWindow: WINDOW,
    });
    let s = snapshotIn(S.Collecting);
    for (let i = 0; i < 20; i++) s = unlimited(s, inbound('vote', 6, `v${i}`), NOW).snapshot;
    expect(stored(s, 'vote', 6).size).toBe(20);
  });
});

describe('advance: a certificate ended the round', () => {
  const advance = (rank: number, state: Snap['activeState'], stateRank: number) =>
    ({ type: 'advance', rank, state, stateRank }) as const;

  it('moves the active rank to the one before the new round, prunes its data and forgets a finalized state', () => {
    let before = snapshotIn(S.Voting, {
      finalized: { state: { rank: 6, id: 'x' }, rank: 6, proposer: 'p' },
      nextProvers: ['p1'],
      chosenProposer: 'p1',
      collected: 'c',
      roundTimedOut: true,
      failedRanks: 2,
    });
    for (const rank of [6, 7, 8]) before = reduce(before, inbound('proposal', rank, 'p1'), NOW).snapshot;
    const { snapshot } = reduce(before, advance(8, null, -1), NOW);
    expect(snapshot.activeRank).toBe(7);
    expect(snapshot.activeState).toEqual({ rank: 5, id: 'f5' });
    expect(snapshot.rounds.ranks()).toEqual([8]);
    expect(snapshot.finalized).toBeNull();
    // Entering collecting starts the new round afresh.
    expect(snapshot.state).toBe(S.Collecting);
    expect(snapshot.nextProvers).toEqual([]);
    expect(snapshot.chosenProposer).toBeNull();
    expect(snapshot.collected).toBeNull();
    expect(snapshot.roundTimedOut).toBe(false);
    // The rank ended without this node finalizing it: the round backs off one more step.
    expect(snapshot.failedRanks).toBe(3);
    expect(snapshot.lastEvent).toBe(E.RankAdvanced);
  });

  it('with the state of the rank just over: adopts it, and the back-off shrinks as after a finalized rank', () => {
    const before = snapshotIn(S.Voting, { failedRanks: 2 });
    const { snapshot } = reduce(before, advance(7, { rank: 6, id: 'g6' }, 6), NOW);
    expect(snapshot.activeState).toEqual({ rank: 6, id: 'g6' });
    expect(snapshot.activeRank).toBe(6);
    expect(snapshot.failedRanks).toBe(1);
  });

  it('with the state of the rank just over, after the round timed out: the back-off stays', () => {
    const before = snapshotIn(S.Voting, { failedRanks: 2, roundTimedOut: true });
    expect(reduce(before, advance(7, { rank: 6, id: 'g6' }, 6), NOW).snapshot.failedRanks).toBe(2);
  });

  it('never backs off below zero', () => {
    const before = snapshotIn(S.Voting, { failedRanks: 0 });
    expect(reduce(before, advance(7, { rank: 6, id: 'g6' }, 6), NOW).snapshot.failedRanks).toBe(0);
  });

  it('with an older state: adopts it, but the rank ended without progress (backs off)', () => {
    const before = snapshotIn(S.Voting, { failedRanks: 1 });
    const { snapshot } = reduce(before, advance(9, { rank: 6, id: 'g6' }, 6), NOW);
    expect(snapshot.activeState).toEqual({ rank: 6, id: 'g6' });
    expect(snapshot.activeRank).toBe(8);
    expect(snapshot.failedRanks).toBe(2);
  });
});

describe('update: data from a state effect', () => {
  const updateIn = (
    s: Snap,
    update: Update<Snap['activeState'] & object, string, string, string>,
    epoch = 7,
  ) => reduce(s, { type: 'update', epoch, update }, NOW);

  it('from an entry already left: ignored, nothing changes', () => {
    const before = snapshotIn(S.Collecting);
    for (const epoch of [6, 8]) {
      const { snapshot, outcome } = updateIn(before, { kind: 'collected', collected: 'c' }, epoch);
      expect(outcome).toEqual({ type: 'ignored', reason: 'collected from a state entry already left' });
      expect(snapshot).toBe(before);
    }
  });

  it('adopt: a later synced state becomes the active one, and older round data goes', () => {
    let before = snapshotIn(S.Loading);
    for (const rank of [6, 8, 9]) before = reduce(before, inbound('liveness', rank, 'p1'), NOW).snapshot;
    const { snapshot, outcome } = updateIn(before, { kind: 'adopt', state: { rank: 8, id: 's8' }, rank: 8 });
    expect(outcome).toEqual({ type: 'updated' });
    expect(snapshot.activeState).toEqual({ rank: 8, id: 's8' });
    expect(snapshot.activeRank).toBe(8);
    expect(snapshot.rounds.ranks()).toEqual([9]);
    expect(snapshot.state).toBe(S.Loading);
  });

  it('adopt: an older synced state does not reopen ranks already over', () => {
    let before = snapshotIn(S.Loading);
    before = reduce(before, inbound('liveness', 6, 'p1'), NOW).snapshot;
    const { snapshot } = updateIn(before, { kind: 'adopt', state: { rank: 3, id: 's3' }, rank: 3 });
    expect(snapshot.activeState).toEqual({ rank: 3, id: 's3' });
    expect(snapshot.activeRank).toBe(5);
    expect(snapshot.rounds.ranks()).toEqual([6]);
  });

  it('provers, collected, voted, finalized: stored as given', () => {
    const s0 = snapshotIn(S.Voting);
    expect(updateIn(s0, { kind: 'provers', provers: ['a', 'b'] }).snapshot.nextProvers).toEqual(['a', 'b']);
    expect(updateIn(s0, { kind: 'collected', collected: 'c6' }).snapshot.collected).toBe('c6');
    const cast = { rank: 6, proposer: 'a', vote: 'v' };
    const voted = updateIn(s0, { kind: 'voted', cast }).snapshot;
    expect(voted.ownVote).toEqual(cast);
    expect(voted.chosenProposer).toBe('a');
    const finalized = updateIn(s0, {
      kind: 'finalized',
      state: { rank: 6, id: 'f6' },
      rank: 6,
      proposer: 'a',
    });
    expect(finalized.snapshot.finalized).toEqual({ state: { rank: 6, id: 'f6' }, rank: 6, proposer: 'a' });
    expect(finalized.snapshot.state).toBe(S.Voting);
  });

  it('confirmed: the highest rank confirmed is kept', () => {
    const s0 = snapshotIn(S.Verifying, { confirmedRank: 6 });
    expect(updateIn(s0, { kind: 'confirmed', rank: 7 }).snapshot.confirmedRank).toBe(7);
    expect(updateIn(s0, { kind: 'confirmed', rank: 4 }).snapshot.confirmedRank).toBe(6);
  });
});

describe('the initial snapshot', () => {
  it('is stopped, at the given state and rank, knowing nothing else yet', () => {
    expect(initialSnapshot({ rank: 3, id: 'f3' }, 3, 42)).toEqual({
      state: S.Stopped,
      activeState: { rank: 3, id: 'f3' },
      activeRank: 3,
      failedRanks: 0,
      roundTimedOut: false,
      providerFailures: 0,
      nextProvers: [],
      chosenProposer: null,
      collected: null,
      ownVote: null,
      finalized: null,
      confirmedRank: -1,
      rounds: initialSnapshot(null, -1, 0).rounds,
      transitionCount: 0,
      enteredAt: 42,
      lastEvent: null,
      fault: null,
    });
    expect(initialSnapshot(null, -1, 0).rounds.ranks()).toEqual([]);
  });
});

describe('settle and fault', () => {
  it('settle: nothing changes', () => {
    const before = snapshotIn(S.Voting);
    const step = reduce(before, { type: 'settle' }, NOW);
    expect(step.outcome).toEqual({ type: 'settled' });
    expect(step.snapshot).toBe(before);
  });

  it('fault: the machine stops, keeps the message, drops a finalized state', () => {
    const before = snapshotIn(S.Finalizing, {
      finalized: { state: { rank: 6, id: 'f6' }, rank: 6, proposer: 'a' },
    });
    const input = { type: 'fault', message: 'broken' } as const;
    const step = reduce(before, input, NOW);
    expect(step.outcome).toEqual({ type: 'fault', error: 'broken' });
    expect(step.snapshot.state).toBe(S.Stopped);
    expect(step.snapshot.fault).toBe('broken');
    expect(step.snapshot.finalized).toBeNull();
    expect(step.input).toBe(input);
    expect(faulted(before, 'x', null).input).toBeNull();
  });

  it('a start after a fault clears it; a start without one keeps the snapshot otherwise as it was', () => {
    const after = reduce(snapshotIn(S.Stopped, { fault: 'broken' }), { type: 'event', event: E.Start }, NOW);
    expect(after.snapshot.fault).toBeNull();
    expect(after.snapshot.state).toBe(S.Starting);
  });
});

describe('what a transition resets or carries on entry', () => {
  const finalized = { state: { rank: 6, id: 'f6' }, rank: 6, proposer: 'a' };

  it('verification_done makes the finalized state the active one and drops its round', () => {
    let before = snapshotIn(S.Verifying, { finalized, failedRanks: 3, nextProvers: ['a'], collected: 'c' });
    for (const rank of [6, 7]) before = reduce(before, inbound('vote', rank, 'v1'), NOW).snapshot;
    const { snapshot } = reduce(before, { type: 'event', event: E.VerificationDone }, NOW);
    expect(snapshot.state).toBe(S.Collecting);
    expect(snapshot.activeState).toEqual(finalized.state);
    expect(snapshot.activeRank).toBe(6);
    expect(snapshot.rounds.ranks()).toEqual([7]);
    expect(snapshot.finalized).toBeNull();
    expect(snapshot.failedRanks).toBe(2);
    expect(snapshot.nextProvers).toEqual([]);
    expect(snapshot.collected).toBeNull();
  });

  it('verification_done after the round timed out keeps the back-off', () => {
    const before = snapshotIn(S.Verifying, { finalized, failedRanks: 3, roundTimedOut: true });
    const { snapshot } = reduce(before, { type: 'event', event: E.VerificationDone }, NOW);
    expect(snapshot.failedRanks).toBe(3);
    expect(snapshot.roundTimedOut).toBe(false);
  });

  it('verification_done for a state older than the active rank keeps the active rank', () => {
    const before = snapshotIn(S.Verifying, { finalized: { ...finalized, rank: 4 }, activeRank: 5 });
    const { snapshot } = reduce(before, { type: 'event', event: E.VerificationDone }, NOW);
    expect(snapshot.activeRank).toBe(5);
    expect(snapshot.activeState).toEqual(finalized.state);
  });

  it('verification_done with nothing finalized leaves the active state', () => {
    const before = snapshotIn(S.Verifying, { failedRanks: 3 });
    const { snapshot } = reduce(before, { type: 'event', event: E.VerificationDone }, NOW);
    expect(snapshot.activeState).toEqual({ rank: 5, id: 'f5' });
    expect(snapshot.activeRank).toBe(5);
    expect(snapshot.failedRanks).toBe(3);
  });

  it.each([
    [S.Voting, E.VotingTimeout],
    [S.LivenessCheck, E.LivenessTimeout],
  ])('%s --%s--> marks the round as timed out', (state, event) => {
    const { snapshot } = reduce(snapshotIn(state), { type: 'event', event }, NOW);
    expect(snapshot.roundTimedOut).toBe(true);
  });

  it('other self-loops on a timeout do not mark the round as timed out', () => {
    for (const [state, event] of [
      [S.Finalizing, E.AggregationTimeout],
      [S.Verifying, E.VerificationTimeout],
      [S.Loading, E.SyncTimeout],
    ] as const) {
      expect(reduce(snapshotIn(state), { type: 'event', event }, NOW).snapshot.roundTimedOut).toBe(false);
    }
  });

  it('entering a state other than collecting keeps the round data and choices', () => {
    const before = snapshotIn(S.Voting, { nextProvers: ['a'], chosenProposer: 'a', collected: 'c' });
    const { snapshot } = reduce(before, { type: 'event', event: E.QuorumReached }, NOW);
    expect(snapshot).toMatchObject({ nextProvers: ['a'], chosenProposer: 'a', collected: 'c' });
  });

  it('with a table that has no row at all out of the state, events and advances are refused, not thrown', () => {
    const bare = createReducer<Snap['activeState'] & object, string, string, string>({
      transitions: indexTransitions([{ from: S.Stopped, event: E.Start, to: S.Starting }]),
      rankWindow: WINDOW,
    });
    const before = snapshotIn(S.Voting);
    expect(bare(before, { type: 'event', event: E.QuorumReached }, NOW).outcome).toEqual({
      type: 'rejected',
      rejection: { reason: 'no_transition', state: S.Voting, event: E.QuorumReached },
    });
    expect(bare(before, { type: 'advance', rank: 9, state: null, stateRank: -1 }, NOW).outcome).toEqual({
      type: 'rejected',
      rejection: { reason: 'no_transition', state: S.Voting, event: E.RankAdvanced },
    });
    expect(bare(before, inbound('vote', 6, 'v1'), NOW).outcome).toEqual({ type: 'stored', kind: 'vote' });
  });

  it('a stored item whose event has a real row takes it (no such row today: checked with a custom table)', () => {
    const custom = createReducer<Snap['activeState'] & object, string, string, string>({
      transitions: indexTransitions([{ from: S.Verifying, event: E.ConfirmationReceived, to: S.Collecting }]),
      rankWindow: WINDOW,
    });
    const before = snapshotIn(S.Verifying, { nextProvers: ['a'] });
    const { snapshot, outcome } = custom(before, inbound('confirmation', 6, 'p1'), NOW);
    expect(outcome).toEqual({
      type: 'transition',
      transition: { from: S.Verifying, to: S.Collecting, event: E.ConfirmationReceived, at: NOW },
    });
    expect(snapshot.state).toBe(S.Collecting);
    expect(snapshot.nextProvers).toEqual([]);
    expect(stored(snapshot, 'confirmation', 6).size).toBe(1);
  });
});
