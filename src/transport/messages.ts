/**
 * The consensus wire messages as one discriminated union (same shape as the engine's receive side),
 * and `createOutbound`: the helpers a provider calls to build and broadcast them.
 */
import type { Observer } from 'rxjs';
import { BROADCAST, type Outbound } from './transport';

export type ProposalMessage<S, P> = { readonly kind: 'proposal'; readonly peer: P; readonly proposal: S };
export type VoteMessage<V, P> = {
  readonly kind: 'vote';
  readonly proposer: P;
  readonly voter: P;
  readonly vote: V;
};
export type LivenessMessage<P, C> = { readonly kind: 'liveness'; readonly peer: P; readonly collected: C };
export type ConfirmationMessage<S, P> = {
  readonly kind: 'confirmation';
  readonly peer: P;
  readonly confirmation: S;
};

export type ConsensusMessage<S, V, P, C> =
  ProposalMessage<S, P> | VoteMessage<V, P> | LivenessMessage<P, C> | ConfirmationMessage<S, P>;

export type ConsensusMessageKind = ConsensusMessage<unknown, unknown, unknown, unknown>['kind'];

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
  return {
    proposal: (peer, proposal) => sent({ kind: 'proposal', peer, proposal }),
    vote: (proposer, voter, vote) => sent({ kind: 'vote', proposer, voter, vote }),
    liveness: (peer, collected) => sent({ kind: 'liveness', peer, collected }),
    confirmation: (peer, confirmation) => sent({ kind: 'confirmation', peer, confirmation }),
  };
}
