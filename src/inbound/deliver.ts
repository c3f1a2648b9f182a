/** Hand a checked message to the machine's receive side, and read the identity of the item it carries. */
import type { Either } from 'fp-ts/Either';
import type { Rejection } from '../engine/rejection';
import type { Accepted } from '../engine/state-machine';
import type { Domain } from '../engine/types';
import type { PlainMessage } from '../wire/message';
import type { InboundTarget } from './target';

export function deliver<S, V, P, C>(
  machine: InboundTarget<S, V, P, C>,
  m: PlainMessage<S, V, P, C>,
): Either<Rejection<V, P>, Accepted> {
  switch (m.kind) {
    case 'proposal':
      return machine.receiveProposal(m.peer, m.proposal);
    case 'vote':
      return machine.receiveVote(m.proposer, m.voter, m.vote);
    case 'liveness':
      return machine.receiveLivenessCheck(m.peer, m.collected);
    case 'confirmation':
      return machine.receiveConfirmation(m.peer, m.confirmation);
  }
}

export function itemIdOf<S, V, P, C>(domain: Domain<S, V, P, C>, m: PlainMessage<S, V, P, C>): string {
  switch (m.kind) {
    case 'proposal':
      return domain.state.identity(m.proposal);
    case 'vote':
      return domain.vote.identity(m.vote);
    case 'liveness':
      return domain.collected.identity(m.collected);
    case 'confirmation':
      return domain.state.identity(m.confirmation);
  }
}
