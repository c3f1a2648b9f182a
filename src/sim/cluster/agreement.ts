/**
 * The two safety checks over what nodes observed: agreement (no two honest nodes made different
 * frames active at one rank) and no double votes (no validator signed votes for two different
 * frames at one rank, counting every node and every life that signs as it).
 */
import type { PeerId } from '../../reference/types';
import type { NodeObservations } from './node-log';

/** What the checks read of a node. */
export interface ObservedNode {
  readonly key: string;
  readonly id: PeerId;
  readonly log: NodeObservations;
}

export interface FinalizedConflict {
  readonly rank: number;
  /** Node key → id of the frame it made active at `rank`. */
  readonly frames: Readonly<Record<string, string>>;
}

export interface AgreementReport {
  /** True when no rank has two different frames among the nodes compared. */
  readonly agree: boolean;
  /** The node keys compared. */
  readonly nodes: readonly string[];
  /** Ranks that at least two of them made active (and so were compared). */
  readonly comparedRanks: number;
  /** The lowest of their highest ranks: every one of them reached it. */
  readonly commonRank: number;
  readonly conflicts: readonly FinalizedConflict[];
}

export function checkAgreement(nodes: readonly ObservedNode[]): AgreementReport {
  const byRank = new Map<number, Map<string, string>>();
  for (const node of nodes) {
    for (const [rank, id] of node.log.finalizedIds) {
      const frames = byRank.get(rank) ?? new Map<string, string>();
      frames.set(node.key, id);
      byRank.set(rank, frames);
    }
  }
  let comparedRanks = 0;
  const conflicts: FinalizedConflict[] = [];
  for (const [rank, frames] of [...byRank].sort(([a], [b]) => a - b)) {
    if (frames.size < 2) continue;
    comparedRanks++;
    if (new Set(frames.values()).size > 1) conflicts.push({ rank, frames: Object.fromEntries(frames) });
  }
  return {
    agree: conflicts.length === 0,
    nodes: nodes.map((n) => n.key),
    comparedRanks,
    commonRank: nodes.length === 0 ? -1 : Math.min(...nodes.map((n) => n.log.highestRank)),
    conflicts,
  };
}

export interface DoubleVote {
  readonly validator: PeerId;
  readonly rank: number;
  /** The different frame ids it signed votes for. */
  readonly voteIds: readonly string[];
  /** The node keys that sent them. */
  readonly nodes: readonly string[];
}

export function findDoubleVotes(nodes: readonly ObservedNode[]): DoubleVote[] {
  const byValidator = new Map<PeerId, Map<number, { ids: Set<string>; nodes: Set<string> }>>();
  for (const node of nodes) {
    const ranks = byValidator.get(node.id) ?? new Map<number, { ids: Set<string>; nodes: Set<string> }>();
    byValidator.set(node.id, ranks);
    for (const [rank, ids] of node.log.signedVotes) {
      const entry = ranks.get(rank) ?? { ids: new Set<string>(), nodes: new Set<string>() };
      for (const id of ids) entry.ids.add(id);
      entry.nodes.add(node.key);
      ranks.set(rank, entry);
    }
  }
  const found: DoubleVote[] = [];
  for (const [validator, ranks] of byValidator) {
    for (const [rank, { ids, nodes: keys }] of [...ranks].sort(([a], [b]) => a - b)) {
      if (ids.size > 1) found.push({ validator, rank, voteIds: [...ids].sort(), nodes: [...keys].sort() });
    }
  }
  return found;
}
