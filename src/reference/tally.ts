/**
 * Counting ballots: the weight behind each frame id, counting each validator once and only ballots
 * whose signature verifies. A frame has a quorum when its weight reaches the set's `quorumWeight`.
 */
import { checkBallot } from './ballot';
import type { Ballot, PeerId } from './types';
import type { Verification } from './verification';

export interface FrameSupport {
  readonly proposal: string;
  readonly proposer: PeerId;
  readonly rank: number;
  readonly weight: number;
  readonly voters: readonly PeerId[];
}

/** Support per (rank, frame id) from the valid ballots among `ballots`. */
export function tallyBallots(ballots: Iterable<Ballot>, v: Verification): FrameSupport[] {
  const counted = new Set<PeerId>();
  const support = new Map<
    string,
    { proposal: string; proposer: PeerId; rank: number; weight: number; voters: PeerId[] }
  >();
  for (const ballot of ballots) {
    if (counted.has(ballot.voter) || checkBallot(ballot, v)._tag === 'Left') continue;
    counted.add(ballot.voter);
    const key = `${ballot.rank}:${ballot.proposal}`;
    const entry = support.get(key) ?? {
      proposal: ballot.proposal,
      proposer: ballot.proposer,
      rank: ballot.rank,
      weight: 0,
      voters: [],
    };
    entry.weight += v.validators.weightOf(ballot.voter);
    entry.voters.push(ballot.voter);
    support.set(key, entry);
  }
  return [...support.values()];
}

/** The frame with a quorum among `ballots`, if any (at most one can have one: quorums intersect). */
export function quorumOf(ballots: Iterable<Ballot>, v: Verification): FrameSupport | undefined {
  return tallyBallots(ballots, v).find((s) => s.weight >= v.validators.quorumWeight);
}
