/**
 * Refusals as callers read them: one sentence per reason (identities cut short), a `Rejection`
 * error carrying its details, shared between a caller and `rejection$`, and how each outcome reads
 * as the caller's `Either`.
 */
import { isLeft, isRight } from 'fp-ts/Either';
import { describeRejection, Rejection, type RejectionDetails } from '../../src/engine/rejection';
import { toRejection, verdictOf } from '../../src/engine/verdict';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';

const long = 'x'.repeat(70);
const cutLong = `${'x'.repeat(64)}… (70 chars)`;

describe('describeRejection', () => {
  it.each<[RejectionDetails, string]>([
    [
      { reason: 'malformed', kind: 'vote', field: 'vote.rank', problem: 'expected number' },
      'malformed vote: vote.rank: expected number',
    ],
    [
      { reason: 'unknown_peer', kind: 'proposal', field: 'peer', peerId: 'x9' },
      'proposal refused: peer x9 is not a member',
    ],
    [
      { reason: 'stale', kind: 'advance', rank: 3, activeRank: 5 },
      'stale advance: rank 3 is at or below the active rank 5',
    ],
    [
      { reason: 'too_far_ahead', kind: 'liveness', rank: 30, activeRank: 5, window: 16 },
      'liveness too far ahead: rank 30 is beyond active rank 5 + window 16',
    ],
    [
      {
        reason: 'equivocation',
        rank: 6,
        voterId: 'v1',
        first: { proposer: 'a', voter: 'v1', vote: 1, voteId: 'for-a' },
        second: { proposer: 'b', voter: 'v1', vote: 2, voteId: 'for-b' },
      },
      'equivocation: voter v1 already voted for-a at rank 6, refused conflicting vote for-b',
    ],
    [
      {
        reason: 'conflict',
        kind: 'confirmation',
        rank: 6,
        peerId: 'p',
        firstId: 'a',
        secondId: 'b',
        first: 1,
        second: 2,
      },
      'conflicting confirmation: peer p already sent a at rank 6, refused b',
    ],
    [
      { reason: 'rank_full', kind: 'vote', rank: 6, limit: 100 },
      'vote refused: rank 6 already holds 100 of them',
    ],
    [{ reason: 'no_transition', state: S.Stopped, event: E.Stop }, 'no transition from stopped on stop'],
    [{ reason: 'closed' }, 'the machine is closed'],
    [{ reason: 'fault', message: 'broken' }, 'the machine stopped after an internal fault: broken'],
  ])('%j', (details, message) => {
    expect(describeRejection(details)).toBe(message);
  });

  it('cuts identities longer than 64 characters', () => {
    expect(describeRejection({ reason: 'unknown_peer', kind: 'vote', field: 'voter', peerId: long })).toBe(
      `vote refused: voter ${cutLong} is not a member`,
    );
    expect(
      describeRejection({ reason: 'unknown_peer', kind: 'vote', field: 'voter', peerId: 'x'.repeat(64) }),
    ).toBe(`vote refused: voter ${'x'.repeat(64)} is not a member`);
    expect(
      describeRejection({
        reason: 'equivocation',
        rank: 6,
        voterId: long,
        first: { proposer: 'a', voter: 'v', vote: 1, voteId: long },
        second: { proposer: 'b', voter: 'v', vote: 2, voteId: long },
      }),
    ).toBe(
      `equivocation: voter ${cutLong} already voted ${cutLong} at rank 6, refused conflicting vote ${cutLong}`,
    );
    expect(
      describeRejection({
        reason: 'conflict',
        kind: 'proposal',
        rank: 1,
        peerId: long,
        firstId: long,
        secondId: long,
        first: 1,
        second: 2,
      }),
    ).toBe(`conflicting proposal: peer ${cutLong} already sent ${cutLong} at rank 1, refused ${cutLong}`);
  });
});

describe('Rejection', () => {
  it('is an Error named Rejection with its details, reason and sentence', () => {
    const details: RejectionDetails = { reason: 'closed' };
    const rejection = new Rejection(details);
    expect(rejection).toBeInstanceOf(Error);
    expect(rejection.name).toBe('Rejection');
    expect(rejection.message).toBe('the machine is closed');
    expect(rejection.details).toBe(details);
    expect(rejection.reason).toBe('closed');
  });

  it('toRejection: one shared Rejection per refusal', () => {
    const details: RejectionDetails = { reason: 'closed' };
    expect(toRejection(details)).toBe(toRejection(details));
    expect(toRejection(details)).not.toBe(toRejection({ reason: 'closed' }));
    expect(toRejection(details).details).toBe(details);
  });
});

describe('verdictOf: how an outcome reads to the caller', () => {
  const transition = { from: S.Stopped, to: S.Starting, event: E.Start, at: 3 };

  it('accepted outcomes are Right with their status', () => {
    expect(verdictOf(undefined)).toEqual({ _tag: 'Right', right: { status: 'queued' } });
    expect(verdictOf({ type: 'transition', transition })).toEqual({
      _tag: 'Right',
      right: { status: 'transition', transition },
    });
    expect(verdictOf({ type: 'internal', event: E.VoteReceived })).toEqual({
      _tag: 'Right',
      right: { status: 'internal' },
    });
    for (const type of ['updated', 'settled'] as const)
      expect(verdictOf({ type })).toEqual({ _tag: 'Right', right: { status: 'stored' } });
    expect(verdictOf({ type: 'stored', kind: 'vote' })).toEqual({
      _tag: 'Right',
      right: { status: 'stored' },
    });
    expect(verdictOf({ type: 'duplicate', kind: 'vote' })).toEqual({
      _tag: 'Right',
      right: { status: 'duplicate' },
    });
    expect(verdictOf({ type: 'ignored', reason: 'late' })).toEqual({
      _tag: 'Right',
      right: { status: 'ignored', reason: 'late' },
    });
  });

  it('a refusal is Left with the shared Rejection; a fault is Left as a fault', () => {
    const rejection: RejectionDetails = { reason: 'closed' };
    const refused = verdictOf({ type: 'rejected', rejection });
    expect(isLeft(refused) && refused.left).toBe(toRejection(rejection));
    const fault = verdictOf({ type: 'fault', error: new Error('bad') });
    expect(isLeft(fault) && fault.left.details).toEqual({ reason: 'fault', message: 'Error: bad' });
    expect(isRight(verdictOf({ type: 'settled' }))).toBe(true);
  });
});
