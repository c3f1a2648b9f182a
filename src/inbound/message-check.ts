/**
 * A protocol's own checks on a decoded message, plugged into the guarded inbound path: signatures
 * inside the body, agreement between the body and the envelope's sender. A problem is returned,
 * never thrown; its field is a path from the envelope (e.g. `body.vote.signature`).
 */
import type { PlainMessage } from '../wire/message';

export interface CheckProblem {
  readonly reason: 'malformed' | 'bad_signature';
  readonly field: string;
  readonly problem: string;
}

export type MessageCheck<S, V, P, C> = (message: PlainMessage<S, V, P, C>) => CheckProblem | undefined;
