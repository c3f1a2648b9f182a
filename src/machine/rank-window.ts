/**
 * The rank window: which inbound ranks a machine takes. Ranks at or below the active rank (the
 * last rank that is over) are stale; ranks more than `window` beyond it are too far ahead and
 * would let a peer make this node hold data for ranks it may never reach. Everything that checks
 * a rank against the window reads it here, so the engine and the guarded inbound path cannot
 * disagree.
 */

/** How many ranks beyond the active one are accepted when nothing else is configured. */
export const DEFAULT_RANK_WINDOW = 16;

/** Where a rank stands against the window: the reason to refuse it, or `within`. */
export type RankStanding = 'stale' | 'within' | 'too_far_ahead';

/** Where `rank` stands against the window of `window` ranks after `activeRank`. */
export function rankStanding(rank: number, activeRank: number, window: number): RankStanding {
  if (rank <= activeRank) return 'stale';
  return rank > activeRank + window ? 'too_far_ahead' : 'within';
}

/** Whether `rank` is in the window: after `activeRank`, and at most `window` ranks beyond it. */
export const withinRankWindow = (rank: number, activeRank: number, window: number): boolean =>
  rankStanding(rank, activeRank, window) === 'within';
