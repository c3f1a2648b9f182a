/**
 * The part of a state machine the guarded inbound path talks to: the active rank and the four
 * receive functions. A `StateMachine` from `createStateMachine` is one; so is a test fake.
 */
import type { Either } from 'fp-ts/Either';
import type { Rejection } from '../engine/rejection';
import type { Accepted } from '../engine/state-machine';

export interface InboundTarget<S, V, P, C> {
  getSnapshot(): { readonly activeRank: number };
  receiveProposal(peer: P, proposal: S): Either<Rejection<V, P>, Accepted>;
  receiveVote(proposer: P, voter: P, vote: V): Either<Rejection<V, P>, Accepted>;
  receiveLivenessCheck(peer: P, collected: C): Either<Rejection<V, P>, Accepted>;
  receiveConfirmation(peer: P, confirmation: S): Either<Rejection<V, P>, Accepted>;
}
