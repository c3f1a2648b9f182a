/**
 * `attachTransport`: feed a machine from an inbound stream of consensus messages. The stream is
 * typed to the message union, so passing a stream of something else (an endpoint's deliveries,
 * raw bytes) does not compile. What still arrives malformed at run time (null, unknown kinds,
 * missing fields) is counted in `stats()`, reported to `onIgnored` (by default the first one is
 * logged with a warning), and skipped.
 */
import { Subscription, type Observable } from 'rxjs';
import type { StateMachine } from '../engine/state-machine';
import { describeValue } from '../guard/describe';
import { isConsensusKind, MESSAGE_KINDS } from '../machine/message-kinds';
import type { ConsensusMessage } from './messages';
import { reportUnhandled } from './report';

export interface AttachOptions {
  /** Told of every message that was skipped, with why (default: a warning for the first one). */
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

type Receive<S, V, P, C> = StateMachine<S, V, P, C>['receive'];

export function attachTransport<S, V, P, C>(
  machine: Pick<StateMachine<S, V, P, C>, 'receive'>,
  inbound$: Observable<ConsensusMessage<S, V, P, C>>,
  options: AttachOptions = {},
): TransportAttachment {
  const counts = { dispatched: 0, ignored: 0, failed: 0 };
  const onIgnored = options.onIgnored ?? warnOnce();
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
  if (typeof kind !== 'string' || !isConsensusKind(kind)) {
    return `unknown kind ${JSON.stringify(kind) ?? String(kind)}`;
  }
  // The fields each kind must carry, so a half-formed message never reaches the machine.
  const missing = MESSAGE_KINDS[kind].fields.filter((field) => !(field in message));
  return missing.length > 0 ? `${kind} without ${missing.join(', ')}` : null;
}

/** Hand a well-formed message to the receive Observer of its kind, with the kind's fields. */
function dispatch<S, V, P, C>(receive: Receive<S, V, P, C>, m: Record<string, unknown>): void {
  const kind = m['kind'] as ConsensusMessage<S, V, P, C>['kind'];
  const payload: Record<string, unknown> = {};
  for (const field of MESSAGE_KINDS[kind].fields) payload[field] = m[field];
  (receive[kind] as { next(value: unknown): void }).next(payload);
}

/** The default `onIgnored`: one warning per attachment, so a noisy peer cannot flood the log. */
function warnOnce(): (message: unknown, reason: string) => void {
  let warned = false;
  return (message, reason) => {
    if (warned) return;
    warned = true;
    console.warn(
      `[rx-consensus] attachTransport skipped a message (${reason}): ${describeValue(message)}. ` +
        'Further ones are counted in stats().ignored; pass onIgnored to handle them.',
    );
  };
}
