/**
 * The record of one simulated run: what each node did over time (state bands, finalizations,
 * downtime, votes signed), the partitions, and the evidence gathered against Byzantine nodes.
 * Plain JSON data: checkers and reports read only this, never a live cluster.
 */
import type { MachineState } from '../../machine/states';
import type { BehaviourKind, Scenario } from '../scenario/types';

/** The node was in `state` from `from` (inclusive) to `to` (exclusive), in virtual ms. */
export interface StateInterval {
  readonly from: number;
  readonly to: number;
  readonly state: MachineState;
}

/** The node made frame `frameId` at `rank` its active state at time `at`. */
export interface Finalization {
  readonly at: number;
  readonly rank: number;
  readonly frameId: string;
}

/** The node was down (crashed) from `from` until `to` (null: never came back). */
export interface Downtime {
  readonly from: number;
  readonly to: number | null;
}

/** A vote this node signed and sent, in any of its incarnations (restarts included). */
export interface SignedVote {
  readonly at: number;
  readonly rank: number;
  readonly voteId: string;
  /** Which life of the node cast it: 0 before the first restart, then 1, 2, … */
  readonly incarnation: number;
}

/**
 * Two different items one validator signed at one rank of one kind, as this node received them
 * (verified): what double signing looks like from outside the signer.
 */
export interface ReceivedTwice {
  /** When the second one arrived. */
  readonly at: number;
  readonly signer: string;
  readonly kind: 'proposal' | 'vote' | 'timeout';
  readonly rank: number;
  readonly items: readonly [string, string];
}

/** Why a node's inbound path refused a message that names a sender, or proves misbehaviour. */
export type EvidenceKind =
  'equivocation' | 'conflict' | 'bad_signature' | 'malformed' | 'oversized' | 'stale' | 'unknown_sender';

/** One piece of evidence an honest node gathered. */
export interface Evidence {
  readonly at: number;
  /** The honest node that refused the message. */
  readonly observer: string;
  /** Who the message names or came from (null when nothing attributes it). */
  readonly accused: string | null;
  readonly kind: EvidenceKind;
  readonly rank: number | null;
  /** For equivocation: whether the two signed envelopes were checked and prove it (null: not checkable). */
  readonly verified: boolean | null;
  readonly detail: string;
}

export type Role = 'honest' | 'byzantine';

export interface NodeRecord {
  /** The node's network key: its validator id, or `<id>~twin` for a twin's second copy. */
  readonly id: string;
  /** The validator it signs as. */
  readonly validator: string;
  /** A lane label: the id, or the id and copy for a Twin. */
  readonly lane: string;
  readonly role: Role;
  readonly behaviours: readonly BehaviourKind[];
  /** State bands, in time order, covering the whole run while the node was up (empty for a node without a machine). */
  readonly states: readonly StateInterval[];
  readonly finalizations: readonly Finalization[];
  readonly downtime: readonly Downtime[];
  readonly votes: readonly SignedVote[];
  /** Signers this node received two different signed items from at one rank and kind. */
  readonly receivedTwice: readonly ReceivedTwice[];
  /** `"<at> <from>-><to> (<event>)"` per transition, in order: what a replay must reproduce. */
  readonly transitions: readonly string[];
  /** Provider and engine errors reported to the tracer. */
  readonly errors: readonly string[];
  /** Refused inbound messages by reason. */
  readonly rejections: Readonly<Record<string, number>>;
}

export interface PartitionInterval {
  readonly from: number;
  readonly to: number | null;
  readonly groups: readonly (readonly string[])[];
}

export interface NetworkTotals {
  readonly sent: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly duplicated: number;
}

export interface RunRecord {
  readonly scenario: Scenario;
  /** Virtual time at which the run stopped. */
  readonly endedAt: number;
  /** True when it stopped before `run.duration` because a stop condition (`run.rounds`, `run.afterFaults`) held. */
  readonly stoppedEarly: boolean;
  readonly nodes: readonly NodeRecord[];
  readonly partitions: readonly PartitionInterval[];
  readonly evidence: readonly Evidence[];
  readonly network: NetworkTotals;
}

export const honestNodes = (r: RunRecord): NodeRecord[] => r.nodes.filter((n) => n.role === 'honest');

/** Highest rank `node` had finalized by time `t` (−1 if none). */
export function rankAt(node: NodeRecord, t: number): number {
  let rank = -1;
  for (const f of node.finalizations) if (f.at <= t && f.rank > rank) rank = f.rank;
  return rank;
}

/** Whether `node` was down at time `t`. */
export const downAt = (node: NodeRecord, t: number): boolean =>
  node.downtime.some((d) => d.from <= t && (d.to === null || t < d.to));
