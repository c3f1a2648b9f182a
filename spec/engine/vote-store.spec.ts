/** The in-memory vote store: the first vote recorded at a rank stays; old ranks can be forgotten. */
import { createMemoryVoteStore } from '../../src/engine/vote-store';

describe('createMemoryVoteStore', () => {
  it('keeps the first vote recorded at a rank', () => {
    const store = createMemoryVoteStore<string, string>();
    expect(store.votedAt(3)).toBeUndefined();
    store.record({ rank: 3, proposer: 'a', vote: 'first' });
    store.record({ rank: 3, proposer: 'b', vote: 'second' });
    expect(store.votedAt(3)).toEqual({ rank: 3, proposer: 'a', vote: 'first' });
    expect(store.size()).toBe(1);
  });

  it('forgets the ranks at or below the one given', () => {
    const store = createMemoryVoteStore<string, string>();
    for (const rank of [1, 2, 3]) store.record({ rank, proposer: 'a', vote: `v${rank}` });
    store.pruneThrough!(2);
    expect([1, 2, 3].map((r) => store.votedAt(r)?.vote)).toEqual([undefined, undefined, 'v3']);
    expect(store.size()).toBe(1);
  });
});
