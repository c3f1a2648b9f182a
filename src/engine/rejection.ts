/**
 * Typed rejections: why an inbound message, an event or a call was refused. The reducer produces
 * plain `RejectionDetails` (cheap, deterministic); a `Rejection` (an `Error`) is built only when a
 * caller or an observer reads it.
 *
 * `REJECTION_REASONS` is the one vocabulary of reasons: the machine's rejections and the guarded
 * inbound path's (`inbound/rejection.ts`) each use a part of it, and a reason means the same
 * thing wherever it appears.
 */
import type { MachineEvent, MachineState } from '../machine/states';
import type { InboundKind } from './inputs';

/** Every reason a message, an event or a call is refused for, and what it means. */
export const REJECTION_REASONS = {
  oversized: 'larger than the size limit',
  malformed: 'not well-formed: a field is missing, of the wrong type or out of range',
  unknown_sender: 'signed by someone who is not a known validator',
  unknown_peer: 'names a peer (sender, voter or proposer) that is not a member',
  bad_signature: 'a signature does not verify under its signer key',
  stale: 'for a rank at or below the active rank',
  too_far_ahead: 'for a rank beyond the active rank plus the rank window',
  equivocation: 'a second, different vote from one voter at one rank',
  conflict: 'a second, different proposal, liveness check or confirmation from one peer at one rank',
  rank_full: 'the rank already holds the most items of this kind it may',
  no_transition: 'the event has no row from the current state',
  closed: 'the machine is closed',
  fault: 'the machine stopped after an internal fault',
  refused: 'refused by the machine for a reason of its own, or checking failed unexpectedly',
} as const;

/** Any reason of the vocabulary. */
export type AnyRejectionReason = keyof typeof REJECTION_REASONS;

/** The reasons a machine refuses for (its `Rejection`s). */
export const MACHINE_REJECTION_REASONS = [
  'malformed',
  'unknown_peer',
  'stale',
  'too_far_ahead',
  'equivocation',
  'conflict',
  'rank_full',
  'no_transition',
  'closed',
  'fault',
] as const satisfies readonly AnyRejectionReason[];

/** One side of an equivocation: a vote as it was received. */
export interface VoteEvidence<V, P> {
  readonly proposer: P;
  readonly voter: P;
  readonly vote: V;
  readonly voteId: string;
}

export type RejectionDetails<V = unknown, P = unknown> =
  | {
      readonly reason: 'malformed';
      readonly kind: InboundKind | 'event';
      readonly field: string;
      readonly problem: string;
    }
  /** The domain's `peer.isMember` said no: `field` names the peer (`peer`, `voter`, `proposer`). */
  | {
      readonly reason: 'unknown_peer';
      readonly kind: InboundKind;
      readonly field: string;
      readonly peerId: string;
    }
  | {
      readonly reason: 'stale';
      readonly kind: InboundKind | 'advance';
      readonly rank: number;
      readonly activeRank: number;
    }
  | {
      readonly reason: 'too_far_ahead';
      readonly kind: InboundKind;
      readonly rank: number;
      readonly activeRank: number;
      readonly window: number;
    }
  | {
      readonly reason: 'equivocation';
      readonly rank: number;
      readonly voterId: string;
      readonly first: VoteEvidence<V, P>;
      readonly second: VoteEvidence<V, P>;
    }
  | {
      readonly reason: 'conflict';
      readonly kind: Exclude<InboundKind, 'vote'>;
      readonly rank: number;
      readonly peerId: string;
      readonly firstId: string;
      readonly secondId: string;
      readonly first: unknown;
      readonly second: unknown;
    }
  /** The rank already holds `maxItemsPerRank` items of this kind. */
  | {
      readonly reason: 'rank_full';
      readonly kind: InboundKind;
      readonly rank: number;
      readonly limit: number;
    }
  | { readonly reason: 'no_transition'; readonly state: MachineState; readonly event: MachineEvent }
  | { readonly reason: 'closed' }
  | { readonly reason: 'fault'; readonly message: string };

export type RejectionReason = RejectionDetails['reason'];

/** `true` only when the two lists of reasons are the same: keeps each side's list honest. */
export type SameReasons<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const machineReasonsListed: SameReasons<RejectionReason, (typeof MACHINE_REJECTION_REASONS)[number]> = true;
void machineReasonsListed;

/** Why a rank is outside the window, worded once for every rejection that says it. */
export const staleRank = (d: { readonly rank: number; readonly activeRank: number }): string =>
  `rank ${d.rank} is at or below the active rank ${d.activeRank}`;
export const rankTooFarAhead = (d: {
  readonly rank: number;
  readonly activeRank: number;
  readonly window: number;
}): string => `rank ${d.rank} is beyond active rank ${d.activeRank} + window ${d.window}`;

/** Identities in messages are cut short: a hostile megabyte id must not make a megabyte message. */
const cut = (id: string): string => (id.length > 64 ? `${id.slice(0, 64)}… (${id.length} chars)` : id);

export function describeRejection(d: RejectionDetails<unknown, unknown>): string {
  switch (d.reason) {
    case 'malformed':
      return `malformed ${d.kind}: ${d.field}: ${d.problem}`;
    case 'unknown_peer':
      return `${d.kind} refused: ${d.field} ${cut(d.peerId)} is not a member`;
    case 'stale':
      return `stale ${d.kind}: ${staleRank(d)}`;
    case 'too_far_ahead':
      return `${d.kind} too far ahead: ${rankTooFarAhead(d)}`;
    case 'equivocation':
      return `equivocation: voter ${cut(d.voterId)} already voted ${cut(d.first.voteId)} at rank ${d.rank}, refused conflicting vote ${cut(d.second.voteId)}`;
    case 'conflict':
      return `conflicting ${d.kind}: peer ${cut(d.peerId)} already sent ${cut(d.firstId)} at rank ${d.rank}, refused ${cut(d.secondId)}`;
    case 'rank_full':
      return `${d.kind} refused: rank ${d.rank} already holds ${d.limit} of them`;
    case 'no_transition':
      return `no transition from ${d.state} on ${d.event}`;
    case 'closed':
      return 'the machine is closed';
    case 'fault':
      return `the machine stopped after an internal fault: ${d.message}`;
  }
}

/** A refusal as an `Error`, with its typed `details`. */
export class Rejection<V = unknown, P = unknown> extends Error {
  override readonly name = 'Rejection';
  constructor(readonly details: RejectionDetails<V, P>) {
    super(describeRejection(details as RejectionDetails<unknown, unknown>));
  }
  get reason(): RejectionReason {
    return this.details.reason;
  }
}
