/** The default, in-memory record of votes cast. Durable stores implement the same `VoteStore`. */
import type { CastVote, VoteStore } from './types';

export function createMemoryVoteStore<V, P>(): VoteStore<V, P> & { size(): number } {
  const cast = new Map<number, CastVote<V, P>>();
  return {
    votedAt: (rank) => cast.get(rank),
    record(vote) {
      if (!cast.has(vote.rank)) cast.set(vote.rank, vote);
    },
    pruneThrough(rank) {
      for (const r of cast.keys()) if (r <= rank) cast.delete(r);
    },
    size: () => cast.size,
  };
}
