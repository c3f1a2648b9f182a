/**
 * The voting and timeout rules that keep the reference protocol safe (those of Jolteon /
 * DiemBFT v4 and Aptos' two-chain safety rules), as pure functions of what this validator has
 * signed (its `SafetyState`), and `createSafetyRules`: the one place that decides what this
 * validator may sign, signs it, and hands the store the message with the safety state after it
 * (stores only persist; they never compute safety data).
 *
 * - Vote for a frame at rank r only if r is above every rank this validator voted or timed out
 *   at, and the frame builds on a certificate for rank r − 1, or on a certificate at least as high
 *   as every one named in the timeout certificate for r − 1 that the frame carries.
 * - Time out at rank r only if r is above every rank voted at but the last, the highest QC known
 *   is not below the lock, and the node entered r through a QC or TC for r − 1.
 *
 * A vote or timeout at rank r raises `highestVotedRank` to r (so a validator never votes at a
 * rank it timed out at); a vote raises `lockedRank` to the rank of the QC the frame carried, and a
 * timeout to the rank of the QC it names (the lock is the highest QC this validator has signed on).
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { Signer } from '../wire/signature';
import { signBallot } from './ballot';
import { highestQcRankIn, signTimeout } from './certificates';
import type { SafetyState, ValidatorStore } from './store/types';
import type { Ballot, Frame, PeerId, TimeoutVote } from './types';

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

export interface SafetyRulesOptions {
  /** The validator that signs. */
  readonly self: PeerId;
  /** Its key. */
  readonly signer: Signer;
  /** The chain scope every signature covers. */
  readonly chain: string;
  /** Where the safety state is read and each signed message is recorded before it is returned. */
  readonly store: ValidatorStore;
}

/**
 * What this validator may sign, decided against the store's safety state: each method checks the
 * rule, signs, records the message with the next safety state (durably, for a durable store), and
 * only then returns it. A refusal is a reason (`Left`); a store that cannot write throws, and
 * nothing is returned to send. A message already recorded at the rank is returned as it is.
 */
export interface SafetyRules {
  /** Sign a ballot for `frame` (already checked to be valid), or say why not. */
  vote(frame: Frame): Either<string, Ballot>;
  /**
   * Sign a timeout at `rank` naming `highQcRank`, the highest QC known, having entered the rank
   * through a TC at `lastTcRank` (or the QC), or say why not.
   */
  timeout(rank: number, highQcRank: number, lastTcRank: number): Either<string, TimeoutVote>;
  /** Record this validator's own proposal before it is sent. */
  propose(frame: Frame): void;
}

export function createSafetyRules(o: SafetyRulesOptions): SafetyRules {
  const { self, signer, chain, store } = o;
  return {
    vote(frame) {
      const recorded = store.signedAt(frame.rank)?.vote;
      if (recorded !== undefined)
        return recorded.proposal === frame.id
          ? right(recorded)
          : left(`already voted for another frame at rank ${frame.rank}`);
      const safety = store.safety();
      const unsafe = unsafeVote(frame, safety);
      if (unsafe !== undefined) return left(unsafe);
      const ballot = signBallot(frame, self, signer, chain);
      store.recordVote(ballot, afterVote(safety, frame));
      return right(ballot);
    },
    timeout(rank, highQcRank, lastTcRank) {
      const recorded = store.signedAt(rank)?.timeout;
      if (recorded !== undefined) return right(recorded);
      const safety = store.safety();
      const unsafe = unsafeTimeout(rank, highQcRank, lastTcRank, safety);
      if (unsafe !== undefined) return left(unsafe);
      const vote = signTimeout(rank, self, highQcRank, signer, chain);
      store.recordTimeout(vote, afterTimeout(safety, rank, highQcRank));
      return right(vote);
    },
    propose(frame) {
      store.recordProposal(frame);
    },
  };
}
