/**
 * The evidence gathered against each Byzantine node: how many refusals of each kind honest nodes
 * recorded that name it, how many equivocations were proven by two signed envelopes, and which
 * honest nodes saw it. Evidence naming an honest node is listed apart (it is expected for stale
 * messages from a lagging node, never for a proven equivocation).
 */
import type { EvidenceKind, RunRecord, SignedVote } from '../record/types';
import { conflictingVotes } from './safety';

export interface EvidenceAgainst {
  readonly node: string;
  readonly role: 'honest' | 'byzantine' | 'unknown';
  readonly byKind: Partial<Record<EvidenceKind, number>>;
  readonly provenEquivocations: number;
  readonly observers: readonly string[];
  /** The first proof, for the report: rank and detail. */
  readonly example: string | null;
}

/** What the simulator saw a faulty validator sign (ground truth, whether or not any node could tell). */
export interface SignedConflicts {
  readonly validator: string;
  /** Ranks at which it signed votes for two or more different frames (all its copies together). */
  readonly doubleVoteRanks: number;
}

export interface EvidenceSummary {
  readonly against: readonly EvidenceAgainst[];
  readonly signedConflicts: readonly SignedConflicts[];
  /** Refusals that name no sender (malformed or oversized bytes). */
  readonly unattributed: Partial<Record<EvidenceKind, number>>;
  /** Byzantine nodes with a behaviour that leaves a trace but against whom nothing was recorded. */
  readonly unseen: readonly string[];
}

/** Behaviours expected to leave evidence when they act at all. */
const TRACEABLE = new Set(['equivocating-proposer', 'double-voter', 'garbage', 'stale-replayer', 'twins']);

export function summarizeEvidence(record: RunRecord): EvidenceSummary {
  const roles = new Map(record.nodes.map((n) => [n.id, n.role]));
  const against = new Map<
    string,
    {
      byKind: Partial<Record<EvidenceKind, number>>;
      proven: number;
      observers: Set<string>;
      example: string | null;
    }
  >();
  const unattributed: Partial<Record<EvidenceKind, number>> = {};
  for (const e of record.evidence) {
    if (e.accused === null) {
      unattributed[e.kind] = (unattributed[e.kind] ?? 0) + 1;
      continue;
    }
    const entry = against.get(e.accused) ?? {
      byKind: {},
      proven: 0,
      observers: new Set<string>(),
      example: null,
    };
    entry.byKind[e.kind] = (entry.byKind[e.kind] ?? 0) + 1;
    entry.observers.add(e.observer);
    if (e.kind === 'equivocation' && e.verified === true) {
      entry.proven++;
      entry.example ??= e.detail;
    }
    entry.example ??= e.kind === 'conflict' ? e.detail : null;
    against.set(e.accused, entry);
  }
  const unseen = record.nodes
    .filter((n) => n.role === 'byzantine' && n.behaviours.some((b) => TRACEABLE.has(b)) && !against.has(n.id))
    .map((n) => n.id);
  return {
    signedConflicts: signedConflicts(record),
    against: [...against]
      .map(([node, e]) => ({
        node,
        role: roles.get(node) ?? ('unknown' as const),
        byKind: e.byKind,
        provenEquivocations: e.proven,
        observers: [...e.observers].sort(),
        example: e.example,
      }))
      .sort((a, b) => a.node.localeCompare(b.node, 'en', { numeric: true })),
    unattributed,
    unseen: [...new Set(unseen)],
  };
}

function signedConflicts(record: RunRecord): SignedConflicts[] {
  const votes = new Map<string, SignedVote[]>();
  for (const node of record.nodes)
    if (node.role === 'byzantine')
      votes.set(node.validator, [...(votes.get(node.validator) ?? []), ...node.votes]);
  return [...votes]
    .map(([validator, all]) => ({ validator, doubleVoteRanks: conflictingVotes(all).size }))
    .filter((c) => c.doubleVoteRanks > 0);
}
