/**
 * What a reference validator keeps so that a crash can never make it sign twice, and so that it
 * can restart where it stopped and serve its finalized chain to peers that fall behind.
 *
 * Every method is synchronous on purpose: a signed message is recorded before `record*` returns,
 * and only then handed to the transport. A durable store either syncs it to disk before returning,
 * or (SQLite's group commit) commits it at once and syncs later, and then the transport must hold
 * what it sends until that sync (`sendWhenDurable`): either way nothing signed leaves before it is
 * on disk. A store that cannot write throws; the validator then sends nothing.
 */
import type { Ballot, Frame, QuorumCert, TimeoutVote } from '../types';

/** What this validator signed at one rank (each at most once, ever). */
export interface SignedAtRank {
  readonly proposal?: Frame;
  readonly vote?: Ballot;
  readonly timeout?: TimeoutVote;
}

/** A frame of the finalized chain with the certificate that finalized it (for catch-up). */
export interface FinalizedEntry {
  readonly frame: Frame;
  /** A quorum certificate for `frame`. */
  readonly certificate: QuorumCert;
}

export interface SafetyState {
  /** Highest rank at which this validator signed a vote or a timeout; -1 when none. */
  readonly highestVotedRank: number;
  /** Highest rank at which this validator signed a timeout; -1 when none. */
  readonly highestTimeoutRank: number;
  /** Highest quorum-certificate rank among the proposals it voted for (the lock); -1 when none. */
  readonly lockedRank: number;
}

export interface ValidatorStore {
  /** Everything signed at `rank`, or undefined when nothing was. */
  signedAt(rank: number): SignedAtRank | undefined;
  /** The ranks with signed messages at or above `rank`, ascending (for re-sending after a restart). */
  signedFrom(rank: number): readonly number[];
  safety(): SafetyState;
  /**
   * Record a message this validator signed, durably, before it is sent, together with the safety
   * state after signing it (computed by the safety rules: a store only persists it). Throws
   * `DoubleSignError` if the rank already holds a different message of that kind, or the write's
   * error if it fails; either way nothing changes. Recording the identical message again is a
   * no-op.
   */
  recordProposal(frame: Frame): void;
  recordVote(vote: Ballot, safety: SafetyState): void;
  recordTimeout(timeout: TimeoutVote, safety: SafetyState): void;
  /** The highest certified frame known, with its certificate: where a restart resumes. */
  highestCertified(): FinalizedEntry | undefined;
  recordCertified(entry: FinalizedEntry): void;
  /** Append the next frame of the finalized chain (ranks strictly increase). */
  appendFinalized(entry: FinalizedEntry): void;
  /** The finalized frame with the highest rank, if any. */
  lastFinalized(): FinalizedEntry | undefined;
  /** Finalized frames with rank > `afterRank`, ascending, at most `limit`. */
  finalizedAfter(afterRank: number, limit: number): readonly FinalizedEntry[];
  /** Forget signed messages below `rank` (never the safety state). */
  pruneSignedBelow(rank: number): void;
  /**
   * Run `writes` (calls of this store's methods) as one write: a store on disk commits them in
   * one transaction instead of one each, and if `writes` throws, none of them is kept. Optional:
   * without it, each call is its own write.
   */
  batch?<T>(writes: () => T): T;
  close(): void;
}
