/** The receive side: first write wins, duplicates are harmless, equivocation is refused with evidence. */
import { isLeft, isRight } from 'fp-ts/Either';
import { MachineState, type Rejection } from '../../src';
import { ballot, createFixture, frame, virtualScheduler } from '../support/fixture';

const fresh = (rankWindow?: number) => createFixture({ scheduler: virtualScheduler(), rankWindow });

describe('receiving', () => {
  it('stores a vote once per voter per rank; the identical vote again changes nothing', () => {
    const { sm } = fresh();
    const before = sm.getSnapshot();
    expect(sm.receiveVote('p1', 'v1', ballot(1, 'v1'))).toEqual({
      _tag: 'Right',
      right: { status: 'stored' },
    });
    const afterFirst = sm.getSnapshot();
    expect(afterFirst).not.toBe(before);
    expect(afterFirst.rounds.at(1)?.votes.get('v1')).toEqual(ballot(1, 'v1'));
    expect(sm.receiveVote('p1', 'v1', ballot(1, 'v1'))).toEqual({
      _tag: 'Right',
      right: { status: 'duplicate' },
    });
    expect(sm.getSnapshot()).toBe(afterFirst);
    // The earlier snapshot still sees what it saw: snapshots are immutable to their readers.
    expect(before.rounds.at(1)).toBeUndefined();
  });

  it('refuses a different vote from the same voter at the same rank as equivocation, with both votes', () => {
    const { sm } = fresh();
    const evidence: Rejection[] = [];
    const rejections: Rejection[] = [];
    sm.equivocation$.subscribe((r) => evidence.push(r));
    sm.rejection$.subscribe((r) => rejections.push(r));
    sm.receiveVote('p1', 'v1', ballot(1, 'v1', 'fA'));
    const stored = sm.getSnapshot();
    const answer = sm.receiveVote('p2', 'v1', ballot(1, 'v1', 'fB'));
    expect(isLeft(answer)).toBe(true);
    if (!isLeft(answer)) return;
    expect(answer.left).toBeInstanceOf(Error);
    expect(answer.left.message).toBe(
      'equivocation: voter v1 already voted v1:fA at rank 1, refused conflicting vote v1:fB',
    );
    expect(answer.left.details).toMatchObject({
      reason: 'equivocation',
      rank: 1,
      voterId: 'v1',
      first: { proposer: 'p1', voter: 'v1', vote: ballot(1, 'v1', 'fA') },
      second: { proposer: 'p2', voter: 'v1', vote: ballot(1, 'v1', 'fB') },
    });
    expect(sm.getSnapshot()).toBe(stored);
    expect(evidence).toEqual([answer.left]);
    expect(rejections).toEqual([answer.left]);
  });

  it('keeps the first proposal of a peer at a rank and refuses a different one as a conflict', () => {
    const { sm } = fresh();
    sm.receiveProposal('p1', frame(1, 'a'));
    const answer = sm.receiveProposal('p1', frame(1, 'b'));
    expect(answer).toMatchObject({
      _tag: 'Left',
      left: { reason: 'conflict', details: { firstId: 'a', secondId: 'b' } },
    });
    expect(sm.getSnapshot().rounds.at(1)?.proposals.get('p1')).toEqual(frame(1, 'a'));
    expect(isRight(sm.receiveProposal('p2', frame(1, 'b')))).toBe(true);
  });

  it('refuses stale ranks and ranks beyond the window, changing nothing', () => {
    const { sm } = fresh(4);
    const before = sm.getSnapshot();
    expect(before.activeRank).toBe(0);
    expect(sm.receiveVote('p', 'v', ballot(0, 'v'))).toMatchObject({
      _tag: 'Left',
      left: { reason: 'stale', message: 'stale vote: rank 0 is at or below the active rank 0' },
    });
    expect(sm.receiveLivenessCheck('p', { rank: 5, id: 'c' })).toMatchObject({
      _tag: 'Left',
      left: {
        reason: 'too_far_ahead',
        message: 'liveness too far ahead: rank 5 is beyond active rank 0 + window 4',
      },
    });
    expect(isRight(sm.receiveConfirmation('p', frame(4)))).toBe(true);
    expect(sm.getSnapshot().rounds.ranks()).toEqual([4]);
  });

  it('emits no event for data whose state has no row, and stores it for later', () => {
    const { sm } = fresh();
    const outcomes: string[] = [];
    sm.outcome$.subscribe((o) => outcomes.push(o.type));
    sm.receiveProposal('p', frame(1));
    expect(sm.getState()).toBe(MachineState.Stopped);
    expect(sm.getTransitionCount()).toBe(0);
    expect(outcomes).toEqual(['stored']);
  });

  it('takes inbound messages through the receive observers too', () => {
    const { sm } = fresh();
    sm.receive.vote.next({ proposer: 'p1', voter: 'v1', vote: ballot(1, 'v1') });
    sm.receive.proposal.next({ peer: 'p1', proposal: frame(1) });
    sm.receive.liveness.next({ peer: 'p1', collected: { rank: 1, id: 'c' } });
    sm.receive.confirmation.next({ peer: 'p1', confirmation: frame(1) });
    sm.receive.vote.error(new Error('transport died'));
    sm.receive.vote.complete();
    sm.receive.vote.next({ proposer: 'p1', voter: 'v2', vote: ballot(1, 'v2') });
    expect(sm.getSnapshot().rounds.counts()).toEqual([
      { rank: 1, liveness: 1, proposals: 1, votes: 2, confirmations: 1 },
    ]);
  });
});
