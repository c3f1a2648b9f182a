/**
 * The voting and timeout rules that keep the reference protocol safe (those of Jolteon /
 * DiemBFT v4), as pure functions of what this validator has signed (its `SafetyState`).
 *
 * - Vote for a frame at rank r only if r is above every rank this validator voted or timed out
 *   at, and the frame builds on a certificate for rank r − 1, or on a certificate at least as high
 *   as every one named in the timeout certificate for r − 1 that the frame carries.
 * - Time out at rank r only if r is above every rank voted at but the last, the highest QC known
 *   is not below the lock, and the node entered r through a QC or TC for r − 1.
 *
 * A vote or timeout at rank r raises `highestVotedRank` to r (so a validator never votes at a
 * rank it timed out at), and a vote raises `lockedRank` to the rank of the QC the frame carried.
 */
import { highestQcRankIn } from './certificates';
import type { SafetyState } from './store/types';
import type { Frame } from './types';

export const NO_SAFETY_STATE: SafetyState = Object.freeze({
  highestVotedRank: -1,
  highestTimeoutRank: -1,
  lockedRank: -1,
});

/** Why a vote for `frame` would be unsafe, or undefined when it is safe. */
export function unsafeVote(frame: Frame, safety: SafetyState): string | undefined {
  const justify = frame.justify;
  if (justify === null) return 'the genesis frame is never voted for';
  if (frame.rank <= safety.highestVotedRank)
    return `already voted or timed out at rank ${safety.highestVotedRank} (frame at ${frame.rank})`;
  if (justify.rank < safety.lockedRank)
    return `the frame builds on rank ${justify.rank}, below the lock at ${safety.lockedRank}`;
  if (justify.rank + 1 === frame.rank) return undefined;
  const tc = frame.timeout;
  if (tc === null || tc.rank + 1 !== frame.rank)
    return 'the frame skips a rank without a timeout certificate';
  const named = highestQcRankIn(tc);
  if (justify.rank < named)
    return `the frame builds on rank ${justify.rank}, below the QC rank ${named} its timeout certificate names`;
  return undefined;
}

/**
 * Why a timeout at `rank` would be unsafe, or undefined when it is safe, given the highest QC
 * rank and the highest TC rank this validator knows.
 */
export function unsafeTimeout(
  rank: number,
  highQcRank: number,
  lastTcRank: number,
  safety: SafetyState,
): string | undefined {
  if (highQcRank < safety.lockedRank)
    return `the highest QC (${highQcRank}) is below the lock (${safety.lockedRank})`;
  if (rank <= Math.max(safety.highestVotedRank - 1, highQcRank))
    return `rank ${rank} is not above the last vote or the highest QC`;
  if (rank !== highQcRank + 1 && rank !== lastTcRank + 1)
    return `rank ${rank} was not entered through a certificate for rank ${rank - 1}`;
  return undefined;
}

/** The safety state after voting for `frame`. */
export const afterVote = (safety: SafetyState, frame: Frame): SafetyState => ({
  highestVotedRank: Math.max(safety.highestVotedRank, frame.rank),
  highestTimeoutRank: safety.highestTimeoutRank,
  lockedRank: Math.max(safety.lockedRank, frame.justify?.rank ?? -1),
});

/** The safety state after timing out at `rank` with the highest QC at `highQcRank`. */
export const afterTimeout = (safety: SafetyState, rank: number, highQcRank: number): SafetyState => ({
  highestVotedRank: Math.max(safety.highestVotedRank, rank),
  highestTimeoutRank: Math.max(safety.highestTimeoutRank, rank),
  lockedRank: Math.max(safety.lockedRank, highQcRank),
});
