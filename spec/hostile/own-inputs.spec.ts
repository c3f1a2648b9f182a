/**
 * What the machine stores is its own: a caller that mutates its object after handing it over,
 * or hands over an object whose getters answer differently on each read, cannot change or
 * mis-file what was stored. Run on a never-started machine (nothing but its receive side).
 */
import { createFixture, virtualScheduler, type Ballot, type Frame } from '../support/fixture';

const node = () => createFixture({ scheduler: virtualScheduler(), initialState: { rank: 0, id: 'genesis' } });

it('mutating a vote after receiveVote changes nothing stored', () => {
  const { sm } = node();
  const vote = { rank: 1, voter: 'v2', proposal: 'f1' };
  expect(sm.receiveVote('v1', 'v2', vote)).toMatchObject({ _tag: 'Right', right: { status: 'stored' } });
  vote.rank = 9;
  vote.proposal = 'forged';
  const stored = sm.getSnapshot().rounds.at(1)?.votes.get('v2');
  expect(stored).toEqual({ rank: 1, voter: 'v2', proposal: 'f1' });
  expect(Object.isFrozen(stored)).toBe(true);
  expect(sm.getSnapshot().rounds.at(9)).toBeUndefined();
});

it('mutating nested data of a proposal after the receive Observer changes nothing stored', () => {
  const { sm } = node();
  const proposal = { rank: 1, id: 'f1', body: { mutations: ['a'] } };
  sm.receive.proposal.next({ peer: 'v1', proposal });
  proposal.body.mutations.push('b');
  proposal.id = 'other';
  const stored = sm.getSnapshot().rounds.at(1)?.proposals.get('v1') as unknown as typeof proposal;
  expect(stored).toEqual({ rank: 1, id: 'f1', body: { mutations: ['a'] } });
  expect(() => (stored.body.mutations as string[]).push('c')).toThrow(TypeError);
});

it('a rank getter that changes between reads is read once: validated and filed at the same rank', () => {
  const { sm } = node();
  let reads = 0;
  const shifty = {
    voter: 'v2',
    proposal: 'f1',
    get rank(): number {
      reads++;
      return reads === 1 ? 1 : 5;
    },
  };
  expect(sm.receiveVote('v1', 'v2', shifty as Ballot)).toMatchObject({ _tag: 'Right' });
  expect(reads).toBe(1);
  const rounds = sm.getSnapshot().rounds;
  expect(rounds.at(1)?.votes.get('v2')).toEqual({ rank: 1, voter: 'v2', proposal: 'f1' });
  expect(rounds.at(5)).toBeUndefined();
});

it('an identity getter that changes between reads cannot make one item two', () => {
  const { sm } = node();
  let reads = 0;
  const shifty = {
    rank: 1,
    get id(): string {
      reads++;
      return `f${reads}`;
    },
  };
  expect(sm.receiveProposal('v1', shifty as Frame)).toMatchObject({ right: { status: 'stored' } });
  // The same copy is what identity() read and what was stored: f1 both times.
  expect(sm.getSnapshot().rounds.at(1)?.proposals.get('v1')).toEqual({ rank: 1, id: 'f1' });
  expect(sm.receiveProposal('v1', { rank: 1, id: 'f1' })).toMatchObject({ right: { status: 'duplicate' } });
});
