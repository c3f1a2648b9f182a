/**
 * Per-rank round data: the liveness checks, proposals, votes and confirmations received for each
 * rank still open. Immutable; updates share structure (see `GrowOnlyMap`), so storing one
 * inbound message costs O(1) however many are stored, and pruning a finished rank is O(ranks).
 */
import { GrowOnlyMap } from './grow-only-map';

/** The four kinds of round data, by the name of their collection in a `Round`. */
export type RoundKind = 'liveness' | 'proposals' | 'votes' | 'confirmations';

/** One rank's data. Keys are peer identities (voter identities for votes). */
export interface Round<S, V, C, Tag> {
  readonly rank: number;
  readonly liveness: GrowOnlyMap<string, C, Tag>;
  readonly proposals: GrowOnlyMap<string, S, Tag>;
  readonly votes: GrowOnlyMap<string, V, Tag>;
  readonly confirmations: GrowOnlyMap<string, S, Tag>;
}

export interface RoundCounts {
  readonly rank: number;
  readonly liveness: number;
  readonly proposals: number;
  readonly votes: number;
  readonly confirmations: number;
}

const emptyRound = <S, V, C, Tag>(rank: number): Round<S, V, C, Tag> => ({
  rank,
  liveness: GrowOnlyMap.empty(),
  proposals: GrowOnlyMap.empty(),
  votes: GrowOnlyMap.empty(),
  confirmations: GrowOnlyMap.empty(),
});

/** `round` with one of its collections replaced (a fixed object shape keeps this fast). */
export function withCollection<S, V, C, Tag>(
  round: Round<S, V, C, Tag>,
  kind: RoundKind,
  collection: GrowOnlyMap<string, unknown, Tag>,
): Round<S, V, C, Tag> {
  return {
    rank: round.rank,
    liveness: kind === 'liveness' ? (collection as GrowOnlyMap<string, C, Tag>) : round.liveness,
    proposals: kind === 'proposals' ? (collection as GrowOnlyMap<string, S, Tag>) : round.proposals,
    votes: kind === 'votes' ? (collection as GrowOnlyMap<string, V, Tag>) : round.votes,
    confirmations:
      kind === 'confirmations' ? (collection as GrowOnlyMap<string, S, Tag>) : round.confirmations,
  };
}

export class RoundBook<S, V, C, Tag> {
  private static readonly EMPTY = new RoundBook<never, never, never, never>([]);

  /** Rounds sorted by rank; few at any time (bounded by the rank window). */
  private constructor(readonly rounds: readonly Round<S, V, C, Tag>[]) {}

  static empty<S, V, C, Tag>(): RoundBook<S, V, C, Tag> {
    return RoundBook.EMPTY as unknown as RoundBook<S, V, C, Tag>;
  }

  at(rank: number): Round<S, V, C, Tag> | undefined {
    for (const round of this.rounds) if (round.rank === rank) return round;
    return undefined;
  }

  /** The round at `rank`, empty if nothing was received for it yet. */
  roundAt(rank: number): Round<S, V, C, Tag> {
    return this.at(rank) ?? emptyRound(rank);
  }

  /** A book with `round` stored at its rank. */
  with(round: Round<S, V, C, Tag>): RoundBook<S, V, C, Tag> {
    const rounds = this.rounds.slice();
    let i = 0;
    while (i < rounds.length && rounds[i]!.rank < round.rank) i++;
    if (i === rounds.length) rounds.push(round);
    else if (rounds[i]!.rank === round.rank) rounds[i] = round;
    else rounds.splice(i, 0, round);
    return new RoundBook(rounds);
  }

  /** A book without the rounds at or below `rank`. */
  pruneThrough(rank: number): RoundBook<S, V, C, Tag> {
    if (this.rounds.length === 0 || this.rounds[0]!.rank > rank) return this;
    return new RoundBook(this.rounds.filter((r) => r.rank > rank));
  }

  ranks(): number[] {
    return this.rounds.map((r) => r.rank);
  }

  counts(): RoundCounts[] {
    return this.rounds.map((r) => ({
      rank: r.rank,
      liveness: r.liveness.size,
      proposals: r.proposals.size,
      votes: r.votes.size,
      confirmations: r.confirmations.size,
    }));
  }
}
