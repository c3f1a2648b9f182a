/**
 * `attachTransport`: feed a machine from an inbound stream of consensus messages. Anything that is
 * not a well-formed message (null, numbers, unknown kinds, missing fields) is counted and skipped.
 */
import { Subscription, type Observable } from 'rxjs';
import type { StateMachine } from '../engine/state-machine';
import type { ConsensusMessageKind } from './messages';
import { reportUnhandled } from './report';

export interface AttachOptions {
  /** Told of every message that was skipped, with why. */
  readonly onIgnored?: (message: unknown, reason: string) => void;
  /** Told when a receive observer throws or the inbound stream errors (default: RxJS's unhandled-error report). */
  readonly onError?: (error: unknown, message: unknown) => void;
}

export interface AttachStats {
  readonly dispatched: number;
  readonly ignored: number;
  readonly failed: number;
}

/** Unsubscribe to detach; `stats()` counts what came in. */
export type TransportAttachment = Subscription & { stats(): AttachStats };

/** The fields each kind must carry, so a half-formed message never reaches the machine. */
const FIELDS: Readonly<Record<ConsensusMessageKind, readonly string[]>> = {
  proposal: ['peer', 'proposal'],
  vote: ['proposer', 'voter', 'vote'],
  liveness: ['peer', 'collected'],
  confirmation: ['peer', 'confirmation'],
};

type Receive<S, V, P, C> = StateMachine<S, V, P, C>['receive'];

export function attachTransport<S, V, P, C>(
  machine: Pick<StateMachine<S, V, P, C>, 'receive'>,
  inbound$: Observable<unknown>,
  options: AttachOptions = {},
): TransportAttachment {
  const counts = { dispatched: 0, ignored: 0, failed: 0 };
  const onIgnored = options.onIgnored;
  const onError = options.onError ?? ((error: unknown) => reportUnhandled('attachTransport', error));

  const take = (message: unknown): void => {
    const reason = malformation(message);
    if (reason !== null) {
      counts.ignored++;
      onIgnored?.(message, reason);
      return;
    }
    try {
      dispatch(machine.receive as Receive<S, V, P, C>, message as Record<string, unknown>);
      counts.dispatched++;
    } catch (error) {
      counts.failed++;
      onError(error, message);
    }
  };

  const subscription = new Subscription();
  subscription.add(inbound$.subscribe({ next: take, error: (error: unknown) => onError(error, undefined) }));
  return Object.assign(subscription, { stats: (): AttachStats => ({ ...counts }) });
}

function malformation(message: unknown): string | null {
  if (typeof message !== 'object' || message === null)
    return `not an object (${message === null ? 'null' : typeof message})`;
  const kind = (message as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, kind)) {
    return `unknown kind ${JSON.stringify(kind) ?? String(kind)}`;
  }
  const missing = FIELDS[kind as ConsensusMessageKind].filter((field) => !(field in message));
  return missing.length > 0 ? `${kind} without ${missing.join(', ')}` : null;
}

function dispatch<S, V, P, C>(receive: Receive<S, V, P, C>, m: Record<string, unknown>): void {
  switch (m['kind'] as ConsensusMessageKind) {
    case 'proposal':
      return receive.proposal.next({ peer: m['peer'] as P, proposal: m['proposal'] as S });
    case 'vote':
      return receive.vote.next({
        proposer: m['proposer'] as P,
        voter: m['voter'] as P,
        vote: m['vote'] as V,
      });
    case 'liveness':
      return receive.liveness.next({ peer: m['peer'] as P, collected: m['collected'] as C });
    case 'confirmation':
      return receive.confirmation.next({ peer: m['peer'] as P, confirmation: m['confirmation'] as S });
  }
}
