/**
 * The consensus wire messages as one discriminated union (same shape as the engine's receive side),
 * and `createOutbound`: the helpers a provider calls to build and broadcast them.
 */
import type { Observer } from 'rxjs';
import {
  messageOf,
  CONSENSUS_KINDS,
  type ConfirmationMessage,
  type ConsensusKind,
  type ConsensusMessage,
  type LivenessMessage,
  type ProposalMessage,
  type VoteMessage,
} from '../machine/message-kinds';
import { BROADCAST, type Outbound } from './transport';

export type {
  ProposalMessage,
  VoteMessage,
  LivenessMessage,
  ConfirmationMessage,
  ConsensusMessage,
  ConsensusKind,
};

/** The kinds of consensus message (`machine/message-kinds.ts`'s `ConsensusKind`, by its transport name). */
export type ConsensusMessageKind = ConsensusKind;

export interface ConsensusOutbound<S, V, P, C> {
  proposal(peer: P, proposal: S): ProposalMessage<S, P>;
  vote(proposer: P, voter: P, vote: V): VoteMessage<V, P>;
  liveness(peer: P, collected: C): LivenessMessage<P, C>;
  confirmation(peer: P, confirmation: S): ConfirmationMessage<S, P>;
}

/** Where `createOutbound` broadcasts: a function, or a transport's `outbound` Observer. */
export type ConsensusSink<S, V, P, C> =
  ((message: ConsensusMessage<S, V, P, C>) => void) | Observer<Outbound<ConsensusMessage<S, V, P, C>>>;

/**
 * Helpers that build each message, broadcast it through `send`, and return it. Typical use inside
 * providers: `sendProposal: (s) => { out.proposal(self, s); }`.
 */
export function createOutbound<S, V, P, C>(send: ConsensusSink<S, V, P, C>): ConsensusOutbound<S, V, P, C> {
  const emit =
    typeof send === 'function'
      ? send
      : (message: ConsensusMessage<S, V, P, C>) => send.next({ to: BROADCAST, message });
  const sent = <T extends ConsensusMessage<S, V, P, C>>(message: T): T => {
    emit(message);
    return message;
  };
  // One builder per kind of the table, taking the kind's fields in table order.
  const out = Object.fromEntries(
    CONSENSUS_KINDS.map((kind) => [
      kind,
      (...values: unknown[]) => sent(messageOf<S, V, P, C>(kind, values)),
    ]),
  );
  return out as unknown as ConsensusOutbound<S, V, P, C>;
}
