/**
 * What flows into the reducer: inbound messages (already validated and read), machine events
 * (by hand, from effects, from timers), data updates produced by state effects, the
 * end-of-instant `settle` marker that lets conditions be re-evaluated once per instant, and
 * input refused before it could be read (so every refusal is folded, traced and published the
 * same way).
 */
import type { ConsensusKind } from '../machine/message-kinds';
import type { MachineEvent } from '../machine/states';
import type { RejectionDetails } from './rejection';
import type { CastVote } from './types';

/** The kind of an inbound message: one of the consensus message kinds. */
export type InboundKind = ConsensusKind;

interface InboundBase<P> {
  readonly type: 'inbound';
  readonly rank: number;
  /** Storage key: the sender's identity (the voter's for votes). */
  readonly key: string;
  /** Identity of the item, to tell a duplicate from a conflicting message. */
  readonly itemId: string;
  /** The sender (the voter for votes). */
  readonly peer: P;
  /** True when the machine records its own send as if received. */
  readonly own: boolean;
}

export interface InboundProposal<S, P> extends InboundBase<P> {
  readonly kind: 'proposal';
  readonly item: S;
}
export interface InboundVote<V, P> extends InboundBase<P> {
  readonly kind: 'vote';
  readonly item: V;
  readonly proposer: P;
}
export interface InboundLiveness<C, P> extends InboundBase<P> {
  readonly kind: 'liveness';
  readonly item: C;
}
export interface InboundConfirmation<S, P> extends InboundBase<P> {
  readonly kind: 'confirmation';
  readonly item: S;
}

export type Inbound<S, V, P, C> =
  InboundProposal<S, P> | InboundVote<V, P> | InboundLiveness<C, P> | InboundConfirmation<S, P>;

export interface EventInput {
  readonly type: 'event';
  readonly event: MachineEvent;
  /** Set on events raised by a state's effect or timer: dropped if that state was left meanwhile. */
  readonly epoch?: number;
  /**
   * The provider whose failure raised this event (an `induce_sync`): the reducer counts failures
   * in a row for the back-off before the next synchronization.
   */
  readonly failedProvider?: string;
}

/** Data a state effect hands to the reducer; only the effect's own state entry may apply it. */
export type Update<S, V, P, C> =
  | { readonly kind: 'adopt'; readonly state: S; readonly rank: number }
  | { readonly kind: 'provers'; readonly provers: readonly P[] }
  | { readonly kind: 'collected'; readonly collected: C }
  | { readonly kind: 'voted'; readonly cast: CastVote<V, P> }
  | { readonly kind: 'finalized'; readonly state: S; readonly rank: number; readonly proposer: P }
  | { readonly kind: 'confirmed'; readonly rank: number };

export interface UpdateInput<S, V, P, C> {
  readonly type: 'update';
  readonly epoch: number;
  readonly update: Update<S, V, P, C>;
}

/**
 * The round in progress is over without this node finalizing it: a certificate for its rank or a
 * later one was seen. The machine runs `rank` next, building on `state` when one is given.
 */
export interface AdvanceInput<S> {
  readonly type: 'advance';
  readonly rank: number;
  readonly state: S | null;
  /** Rank of `state` (read by the receive side); -1 with no state. */
  readonly stateRank: number;
}

export interface SettleInput {
  readonly type: 'settle';
}

/** An engine invariant broke while running a state's effect: the machine must stop. */
export interface FaultInput {
  readonly type: 'fault';
  readonly message: string;
}

/** Input refused before it reached the machine (unreadable, or an event that does not exist). */
export interface RefusedInput {
  readonly type: 'refused';
  readonly details: RejectionDetails;
}

export type Input<S, V, P, C> =
  | Inbound<S, V, P, C>
  | EventInput
  | UpdateInput<S, V, P, C>
  | AdvanceInput<S>
  | SettleInput
  | FaultInput
  | RefusedInput;

export const SETTLE: SettleInput = Object.freeze({ type: 'settle' });
