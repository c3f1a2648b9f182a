/**
 * The pacemaker: which rank this validator is in, and the timeouts that end a rank without a
 * frame. The rank is one above the highest certificate known, a quorum certificate (a frame was
 * certified at that rank) or a timeout certificate (a quorum of validators gave up on it).
 *
 * Timeout votes are collected per rank with the QC that proved each one's claim; once they weigh
 * a quorum and the highest claim among them is proven they form a timeout certificate. When they
 * weigh more than the faulty weight at the rank this node is in, at least one honest validator has
 * given up on it, and this node joins (`join`), so that honest validators time out together even
 * when their clocks do not. A timeout certificate observed also hands over the QC it carries: the
 * leader of the next rank then holds a QC that every signer of the certificate can vote on.
 */
import { timeoutCert, type ProvenTimeout } from './certificates';
import type { PeerId, QuorumCert, TimeoutCert, TimeoutVote } from './types';
import type { ValidatorSet } from './validator-set';

export interface Pacemaker {
  /** The rank in progress: one above the highest certificate known. */
  rank(): number;
  readonly highQc: QuorumCert;
  readonly lastTc: TimeoutCert | null;
  /** A valid QC: true when it is higher than every one known. */
  observeQc(qc: QuorumCert): boolean;
  /** A valid TC: true when it is higher than every one known (its QC is observed as well). */
  observeTc(tc: TimeoutCert): boolean;
  /**
   * A valid timeout vote with the valid QC that proves its claim (`qc.rank ≥ vote.highQcRank`).
   * Returns the TC it completes, if any, and whether this node should join the timeout of its
   * current rank.
   */
  addTimeout(
    vote: TimeoutVote,
    qc: QuorumCert,
  ): { readonly formed: TimeoutCert | null; readonly join: boolean };
}

export function createPacemaker(validators: ValidatorSet, highQc: QuorumCert): Pacemaker {
  let qc = highQc;
  let tc: TimeoutCert | null = null;
  const timeouts = new Map<number, Map<PeerId, ProvenTimeout>>();
  const rank = (): number => Math.max(qc.rank, tc?.rank ?? -1) + 1;
  const weightOf = (voter: PeerId): number => validators.weightOf(voter);

  function prune(): void {
    const current = rank();
    for (const r of timeouts.keys()) if (r < current) timeouts.delete(r);
  }

  function observeQc(candidate: QuorumCert): boolean {
    if (candidate.rank <= qc.rank) return false;
    qc = candidate;
    prune();
    return true;
  }

  return {
    rank,
    get highQc() {
      return qc;
    },
    get lastTc() {
      return tc;
    },
    observeQc,
    observeTc(candidate) {
      observeQc(candidate.highQc);
      if (candidate.rank <= (tc?.rank ?? -1)) return false;
      tc = candidate;
      prune();
      return true;
    },
    addTimeout(vote, proof) {
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
      votes.set(vote.voter, { vote, qc: proof });
      let weight = 0;
      for (const voter of votes.keys()) weight += weightOf(voter);
      const formed =
        weight >= validators.quorumWeight
          ? timeoutCert(vote.rank, votes.values(), weightOf, validators.quorumWeight, [qc])
          : null;
      return { formed, join: vote.rank === rank() && weight > validators.faultyWeight };
    },
  };
}
