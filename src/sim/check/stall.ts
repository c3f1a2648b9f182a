/**
 * Why a run stopped making progress, read from the votes honest nodes signed for the rank after
 * the highest one finalized: the votes split between frames (no frame can reach a quorum, and a
 * node never votes twice at a rank), some connected honest nodes never voted (they did not get
 * enough liveness checks or proposals), or the stall is only a node behind that never caught up.
 */
import { honestNodes, rankAt, type RunRecord } from '../record/types';
import { connectedHonestAt, quorumSize } from './liveness';

export type StallMechanism = 'split-vote' | 'missing-votes' | 'laggard' | 'unknown';

export interface StallDiagnosis {
  readonly mechanism: StallMechanism;
  /** The rank being decided when progress stopped. */
  readonly rank: number;
  /** Frame id (first 12 characters) → the connected honest nodes that voted for it at `rank`. */
  readonly votes: Readonly<Record<string, readonly string[]>>;
  /** Connected honest nodes with no vote at `rank`. */
  readonly notVoted: readonly string[];
  /** Votes a frame needs (n − f). */
  readonly quorum: number;
}

export function diagnoseStall(record: RunRecord): StallDiagnosis {
  const end = record.endedAt;
  const connected = new Set(connectedHonestAt(record, end));
  const nodes = honestNodes(record).filter((n) => connected.has(n.id));
  const rank = Math.max(0, ...nodes.map((n) => rankAt(n, end))) + 1;
  const votes: Record<string, string[]> = {};
  const notVoted: string[] = [];
  for (const node of nodes) {
    const ids = new Set(node.votes.filter((v) => v.rank === rank).map((v) => v.voteId.slice(0, 12)));
    if (ids.size === 0) notVoted.push(node.id);
    for (const id of ids) (votes[id] ??= []).push(node.id);
  }
  const quorum = quorumSize(record.scenario.nodes);
  const behind = nodes.some((n) => rankAt(n, end) < rank - 1);
  const mechanism: StallMechanism =
    Object.keys(votes).length > 1
      ? 'split-vote'
      : notVoted.length > 0
        ? 'missing-votes'
        : behind
          ? 'laggard'
          : 'unknown';
  return { mechanism, rank, votes, notVoted, quorum };
}

export function describeStall(d: StallDiagnosis): string {
  const split = Object.entries(d.votes)
    .map(([id, voters]) => `${id}…: ${voters.join(',')}`)
    .join('; ');
  return `${d.mechanism} at rank ${d.rank} (quorum ${d.quorum}): ${split || 'no honest votes'}${
    d.notVoted.length > 0 ? `; not voted: ${d.notVoted.join(',')}` : ''
  }`;
}
