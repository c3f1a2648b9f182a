/**
 * The pacemaker: which rank this validator is in, and the timeouts that end a rank without a
 * frame. The rank is one above the highest certificate known, a quorum certificate (a frame was
 * certified at that rank) or a timeout certificate (a quorum of validators gave up on it).
 *
 * Timeout votes are collected per rank; once they weigh a quorum they form a timeout certificate.
 * When they weigh more than the faulty weight at the rank this node is in, at least one honest
 * validator has given up on it, and this node joins (`join`), so that honest validators time out
 * together even when their clocks do not.
 */
import { timeoutCert } from './certificates';
import type { PeerId, QuorumCert, TimeoutCert, TimeoutVote } from './types';
import type { ValidatorSet } from './validator-set';

export interface Pacemaker {
  /** The rank in progress: one above the highest certificate known. */
  rank(): number;
  readonly highQc: QuorumCert;
  readonly lastTc: TimeoutCert | null;
  /** A valid QC: true when it is higher than every one known. */
  observeQc(qc: QuorumCert): boolean;
  /** A valid TC: true when it is higher than every one known. */
  observeTc(tc: TimeoutCert): boolean;
  /**
   * A valid timeout vote. Returns the TC it completes, if any, and whether this node should join
   * the timeout of its current rank.
   */
  addTimeout(vote: TimeoutVote): { readonly formed: TimeoutCert | null; readonly join: boolean };
}

export function createPacemaker(validators: ValidatorSet, highQc: QuorumCert): Pacemaker {
  let qc = highQc;
  let tc: TimeoutCert | null = null;
  const timeouts = new Map<number, Map<PeerId, TimeoutVote>>();
  const rank = (): number => Math.max(qc.rank, tc?.rank ?? -1) + 1;

  function prune(): void {
    const current = rank();
    for (const r of timeouts.keys()) if (r < current) timeouts.delete(r);
  }

  function weightAt(votes: ReadonlyMap<PeerId, TimeoutVote>): number {
    let weight = 0;
    for (const voter of votes.keys()) weight += validators.weightOf(voter);
    return weight;
  }

  return {
    rank,
    get highQc() {
      return qc;
    },
    get lastTc() {
      return tc;
    },
    observeQc(candidate) {
      if (candidate.rank <= qc.rank) return false;
      qc = candidate;
      prune();
      return true;
    },
    observeTc(candidate) {
      if (candidate.rank <= (tc?.rank ?? -1)) return false;
      tc = candidate;
      prune();
      return true;
    },
    addTimeout(vote) {
      const none = { formed: null, join: false };
      if (vote.rank < rank()) return none;
      let votes = timeouts.get(vote.rank);
      if (votes === undefined) {
        // One map per rank a validator has timed out at; ranks below the current one are pruned,
        // and a far rank costs a map only once a validator signs a timeout there.
        votes = new Map();
        timeouts.set(vote.rank, votes);
      }
      if (votes.has(vote.voter)) return none;
      votes.set(vote.voter, vote);
      const weight = weightAt(votes);
      const formed = weight >= validators.quorumWeight ? timeoutCert(vote.rank, votes.values()) : null;
      return { formed, join: vote.rank === rank() && weight > validators.faultyWeight };
    },
  };
}
