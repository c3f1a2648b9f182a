/**
 * Answers to callers: how the outcome of their input reads as an fp-ts `Either`, and one shared
 * `Rejection` per refusal (built lazily, cached so a caller and `rejection$` see the same one).
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { Outcome } from './outcome';
import { Rejection, type RejectionDetails } from './rejection';
import type { Accepted } from './state-machine';

const cache = new WeakMap<object, Rejection>();

export function toRejection<V, P>(details: RejectionDetails): Rejection<V, P> {
  let rejection = cache.get(details);
  if (rejection === undefined) {
    rejection = new Rejection(details);
    cache.set(details, rejection);
  }
  return rejection as Rejection<V, P>;
}

const STORED = right<never, Accepted>(Object.freeze({ status: 'stored' }));
const DUPLICATE = right<never, Accepted>(Object.freeze({ status: 'duplicate' }));
const INTERNAL = right<never, Accepted>(Object.freeze({ status: 'internal' }));
const QUEUED = right<never, Accepted>(Object.freeze({ status: 'queued' }));

/** The caller's answer for an input whose outcome is `outcome` (undefined: still queued). */
export function verdictOf<V, P>(outcome: Outcome | undefined): Either<Rejection<V, P>, Accepted> {
  if (outcome === undefined) return QUEUED;
  switch (outcome.type) {
    case 'transition':
      return right({ status: 'transition', transition: outcome.transition });
    case 'internal':
      return INTERNAL;
    case 'stored':
    case 'updated':
    case 'settled':
      return STORED;
    case 'duplicate':
      return DUPLICATE;
    case 'ignored':
      return right({ status: 'ignored', reason: outcome.reason });
    case 'rejected':
      return left(toRejection(outcome.rejection));
    case 'fault':
      return left(toRejection({ reason: 'fault', message: String(outcome.error) }));
  }
}
