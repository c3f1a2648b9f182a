/**
 * The engine alone bounds what it stores: with `domain.peer.isMember`, votes, proposals, liveness
 * checks and confirmations from anyone else are refused as `unknown_peer` before their item is
 * read, so a flood of votes from made-up voters leaves the heap flat (`npm test` sends 20,000,
 * `npm run fuzz` 1,000,000); where the domain cannot tell members, `maxItemsPerRank` caps each
 * kind at each rank of the window.
 */
import { isLeft } from 'fp-ts/Either';
import {
  ballot,
  createFixture,
  domain,
  frame,
  virtualScheduler,
  type Ballot,
  type Frame,
  type Mutations,
  type Peer,
} from '../support/fixture';
import { type Domain, type Rejection } from '../../src';
import { LONG, MB, retainedHeap, runs } from './support';

const members = new Set(['v0', 'v1', 'v2', 'v3']);
const withMembers: Domain<Frame, Ballot, Peer, Mutations> = {
  ...domain,
  peer: { ...domain.peer, isMember: (p) => members.has(p) },
};

function node(d = withMembers) {
  const rejections = { count: 0, last: undefined as Rejection | undefined };
  const f = createFixture({
    scheduler: virtualScheduler(),
    initialState: { rank: 0, id: 'genesis' },
    domain: d,
    // Every refusal is traced; the fixture's default tracer keeps each line, which would be the
    // test's memory, not the machine's.
    tracer: { trace: () => undefined, error: () => undefined },
  });
  f.sm.rejection$.subscribe((r) => {
    rejections.count++;
    rejections.last = r as Rejection;
  });
  return { ...f, rejections };
}

it('refuses every kind of message from a non-member, naming the field, and stores nothing', () => {
  const { sm } = node();
  const before = sm.getSnapshot();
  const answers = [
    sm.receiveProposal('mallory', frame(1)),
    sm.receiveVote('v1', 'mallory', ballot(1, 'mallory')),
    sm.receiveVote('mallory', 'v2', ballot(1, 'v2')),
    sm.receiveLivenessCheck('mallory', { rank: 1, id: 'c1' }),
    sm.receiveConfirmation('mallory', frame(1)),
  ];
  expect(answers.map((a) => (isLeft(a) ? [a.left.details, a.left.message] : a.right))).toEqual([
    [
      { reason: 'unknown_peer', kind: 'proposal', field: 'peer', peerId: 'mallory' },
      'proposal refused: peer mallory is not a member',
    ],
    [
      { reason: 'unknown_peer', kind: 'vote', field: 'voter', peerId: 'mallory' },
      'vote refused: voter mallory is not a member',
    ],
    [
      { reason: 'unknown_peer', kind: 'vote', field: 'proposer', peerId: 'mallory' },
      'vote refused: proposer mallory is not a member',
    ],
    [
      { reason: 'unknown_peer', kind: 'liveness', field: 'peer', peerId: 'mallory' },
      'liveness refused: peer mallory is not a member',
    ],
    [
      { reason: 'unknown_peer', kind: 'confirmation', field: 'peer', peerId: 'mallory' },
      'confirmation refused: peer mallory is not a member',
    ],
  ]);
  expect(sm.getSnapshot()).toBe(before);
  expect(sm.receiveVote('v1', 'v2', ballot(1, 'v2'))).toMatchObject({ right: { status: 'stored' } });
});

it('a non-member is refused before its item is read', () => {
  const { sm } = node();
  let read = false;
  const item = {
    get rank(): number {
      read = true;
      return 1;
    },
  };
  expect(sm.receiveVote('v1', 'mallory', item as unknown as Ballot)).toMatchObject({
    left: { reason: 'unknown_peer' },
  });
  expect(read).toBe(false);
});

it('a throwing isMember is a malformed refusal, not an escape', () => {
  const throwing: Domain<Frame, Ballot, Peer, Mutations> = {
    ...domain,
    peer: {
      ...domain.peer,
      isMember: () => {
        throw new Error('directory down');
      },
    },
  };
  const { sm } = node(throwing);
  expect(sm.receiveVote('v1', 'v2', ballot(1, 'v2'))).toMatchObject({
    left: {
      details: { reason: 'malformed', field: 'proposer', problem: 'isMember() threw Error: directory down' },
    },
  });
});

it('votes from made-up voters leave the heap flat', () => {
  const { sm, rejections } = node();
  const count = runs(20_000, 1_000_000);
  const before = retainedHeap();
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const voter = `made-up-${i}`;
    if (isLeft(sm.receiveVote('v1', voter, { rank: 1 + (i % 16), voter, proposal: `f${i}` }))) refused++;
  }
  const grown = retainedHeap() - before;
  expect(refused).toBe(count);
  expect(rejections.count).toBe(count);
  expect(rejections.last?.details).toMatchObject({ reason: 'unknown_peer', field: 'voter' });
  expect(sm.getSnapshot().rounds.counts()).toEqual([]);
  // Without the check every one is stored: about 400 bytes each (8 MB for 20,000, 400 MB for a
  // million). Allowed: 8 bytes each and a constant; the long run's constant is larger because the
  // test runner keeps about 8 MB once during it (it stays at that however many more are sent).
  expect(grown).toBeLessThan((LONG ? 32 : 4) * MB + 8 * count);
});

describe('maxItemsPerRank', () => {
  const capped = () =>
    createFixture({
      scheduler: virtualScheduler(),
      initialState: { rank: 0, id: 'genesis' },
      maxItemsPerRank: 3,
    });

  it('refuses a new item past the cap as rank_full, and still knows duplicates and conflicts', () => {
    const { sm } = capped();
    for (const voter of ['a', 'b', 'c'])
      expect(sm.receiveVote('p', voter, ballot(1, voter))).toMatchObject({ right: { status: 'stored' } });
    const refused = sm.receiveVote('p', 'd', ballot(1, 'd'));
    expect(isLeft(refused) && [refused.left.details, refused.left.message]).toEqual([
      { reason: 'rank_full', kind: 'vote', rank: 1, limit: 3 },
      'vote refused: rank 1 already holds 3 of them',
    ]);
    expect(sm.receiveVote('p', 'a', ballot(1, 'a'))).toMatchObject({ right: { status: 'duplicate' } });
    expect(sm.receiveVote('p', 'a', ballot(1, 'a', 'other'))).toMatchObject({
      left: { reason: 'equivocation' },
    });
    // Each kind and each rank has its own cap.
    expect(sm.receiveProposal('p', frame(1))).toMatchObject({ right: { status: 'stored' } });
    expect(sm.receiveVote('p', 'd', ballot(2, 'd'))).toMatchObject({ right: { status: 'stored' } });
  });

  it('bounds what a flood of made-up voters leaves stored: the cap times the window', () => {
    const { sm } = capped();
    for (let i = 0; i < runs(20_000, 200_000); i++) {
      const voter = `made-up-${i}`;
      sm.receiveVote('p', voter, { rank: 1 + (i % 16), voter, proposal: 'f' });
    }
    const counts = sm.getSnapshot().rounds.counts();
    expect(counts).toHaveLength(16);
    expect(counts.every((c) => c.votes === 3)).toBe(true);
  });

  it('must be a positive integer', () => {
    expect(() =>
      createFixture({ scheduler: virtualScheduler(), initialState: null, maxItemsPerRank: 0 }),
    ).toThrow('maxItemsPerRank: expected a positive integer, got number 0');
  });
});
