/** Hand a checked message to the machine's receive side, and read the identity of the item it carries. */
import type { Either } from 'fp-ts/Either';
import type { Rejection } from '../engine/rejection';
import type { Accepted } from '../engine/state-machine';
import type { Domain, RankedAccessor } from '../engine/types';
import { fieldValuesOf, itemOf, MESSAGE_KINDS } from '../machine/message-kinds';
import type { PlainMessage } from '../wire/message';
import type { InboundTarget } from './target';

type Receive = (...args: unknown[]) => Either<Rejection<never, never>, Accepted>;

/** The receive function of the message's kind, given the kind's fields in table order. */
export function deliver<S, V, P, C>(
  machine: InboundTarget<S, V, P, C>,
  m: PlainMessage<S, V, P, C>,
): Either<Rejection<V, P>, Accepted> {
  const receive = machine[MESSAGE_KINDS[m.kind].receive] as unknown as Receive;
  return receive.apply(machine, fieldValuesOf(m)) as Either<Rejection<V, P>, Accepted>;
}

export function itemIdOf<S, V, P, C>(domain: Domain<S, V, P, C>, m: PlainMessage<S, V, P, C>): string {
  const item = itemOf(m);
  return (domain[item.part] as RankedAccessor<unknown>).identity(item.value);
}
