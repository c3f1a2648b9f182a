/**
 * The safety check, over a run record or a live cluster's logs: no two honest nodes finalize
 * different frames at one rank; no honest node signs two different votes at one rank (across
 * restarts too); and no proven equivocation names an honest node. Any violation is a bug in the
 * engine or the reference protocol.
 */
import type { Evidence, NodeRecord, SignedVote } from '../record/types';

/**
 * What the check reads: each node's role, the frames it made active, the votes it sent and the
 * signed items it received; the evidence.
 */
export interface SafetyInput {
  readonly nodes: readonly (Pick<NodeRecord, 'id' | 'role' | 'finalizations' | 'votes'> &
    Partial<Pick<NodeRecord, 'validator' | 'receivedTwice'>>)[];
  readonly evidence: readonly Evidence[];
}

export type SafetyViolation =
  | {
      readonly kind: 'disagreement';
      readonly rank: number;
      /** frame id → the honest nodes that finalized it. */
      readonly frames: Readonly<Record<string, readonly string[]>>;
    }
  | {
      readonly kind: 'double_vote';
      readonly node: string;
      readonly rank: number;
      readonly votes: readonly {
        readonly voteId: string;
        readonly at: number;
        readonly incarnation: number;
      }[];
    }
  /** An honest validator's two different signed items at one rank, as a peer received them. */
  | {
      readonly kind: 'double_signed';
      readonly signer: string;
      readonly signedKind: 'proposal' | 'vote' | 'timeout';
      readonly rank: number;
      readonly observer: string;
      readonly items: readonly [string, string];
    }
  | {
      readonly kind: 'honest_accused';
      readonly node: string;
      readonly rank: number | null;
      readonly observer: string;
    };

export function checkSafety(record: SafetyInput): SafetyViolation[] {
  const honest = record.nodes.filter((n) => n.role === 'honest');
  return [
    ...disagreements(honest),
    ...doubleVotes(honest),
    ...doubleSigned(record.nodes),
    ...honestAccused(honest, record.evidence),
  ];
}

type CheckedNode = SafetyInput['nodes'][number];

function disagreements(honest: readonly CheckedNode[]): SafetyViolation[] {
  const byRank = new Map<number, Map<string, Set<string>>>();
  for (const node of honest) {
    for (const f of node.finalizations) {
      const frames = byRank.get(f.rank) ?? new Map<string, Set<string>>();
      const holders = frames.get(f.frameId) ?? new Set<string>();
      holders.add(node.id);
      frames.set(f.frameId, holders);
      byRank.set(f.rank, frames);
    }
  }
  const out: SafetyViolation[] = [];
  for (const [rank, frames] of [...byRank].sort((a, b) => a[0] - b[0])) {
    if (frames.size < 2) continue;
    out.push({
      kind: 'disagreement',
      rank,
      frames: Object.fromEntries([...frames].map(([id, nodes]) => [id, [...nodes].sort()])),
    });
  }
  return out;
}

function doubleVotes(honest: readonly CheckedNode[]): SafetyViolation[] {
  return honest.flatMap((node) =>
    [...conflictingVotes(node.votes)].map(([rank, votes]) => ({
      kind: 'double_vote' as const,
      node: node.id,
      rank,
      votes: votes.map(({ voteId, at, incarnation }) => ({ voteId, at, incarnation })),
    })),
  );
}

/**
 * Double signing judged by what peers received, never by the signer's own word: an honest
 * validator (one that no Byzantine or twin node signs as) of which some node received two
 * different signed items at one rank and kind.
 */
function doubleSigned(nodes: SafetyInput['nodes']): SafetyViolation[] {
  const faulty = new Set(nodes.filter((n) => n.role !== 'honest').map((n) => n.validator ?? n.id));
  return nodes.flatMap((observer) =>
    (observer.receivedTwice ?? [])
      .filter((t) => !faulty.has(t.signer))
      .map((t) => ({
        kind: 'double_signed' as const,
        signer: t.signer,
        signedKind: t.kind,
        rank: t.rank,
        observer: observer.id,
        items: t.items,
      })),
  );
}

/** The ranks at which `votes` name two or more different frames, with every vote of those ranks. */
export function conflictingVotes(votes: readonly SignedVote[]): Map<number, SignedVote[]> {
  const byRank = new Map<number, SignedVote[]>();
  for (const v of votes) byRank.set(v.rank, [...(byRank.get(v.rank) ?? []), v]);
  for (const [rank, atRank] of byRank) if (new Set(atRank.map((v) => v.voteId)).size < 2) byRank.delete(rank);
  return byRank;
}

function honestAccused(nodes: readonly CheckedNode[], evidence: readonly Evidence[]): SafetyViolation[] {
  const honest = new Set(nodes.map((n) => n.id));
  return evidence
    .filter(
      (e) => e.kind === 'equivocation' && e.verified === true && e.accused !== null && honest.has(e.accused),
    )
    .map((e) => ({ kind: 'honest_accused' as const, node: e.accused!, rank: e.rank, observer: e.observer }));
}

export function describeViolation(v: SafetyViolation): string {
  switch (v.kind) {
    case 'disagreement':
      return `rank ${v.rank}: honest nodes finalized different frames (${Object.entries(v.frames)
        .map(([id, nodes]) => `${id.slice(0, 12)} by ${nodes.join(',')}`)
        .join('; ')})`;
    case 'double_vote':
      return `${v.node} signed ${v.votes.length} different votes at rank ${v.rank} (incarnations ${[
        ...new Set(v.votes.map((x) => x.incarnation)),
      ].join(',')})`;
    case 'double_signed':
      return `${v.observer} received two different ${v.signedKind}s signed by honest ${v.signer} at rank ${v.rank}`;
    case 'honest_accused':
      return `${v.observer} holds proven equivocation by honest ${v.node} at rank ${v.rank ?? '?'}`;
  }
}
