/** Feeds a machine's `transition$` into a bounded `TransitionHistory` until unsubscribed. */
import type { Observable, Subscription } from 'rxjs';
import type { TransitionRecord } from '../engine/outcome';
import { createTransitionHistory, type TransitionHistory } from './transition-history';

export interface RecordedTransitions {
  readonly history: TransitionHistory;
  readonly subscription: Subscription;
}

/**
 * Records every transition of `transition$`, keeping the last `limit`. If the stream errors the
 * history keeps what it had and `onError` is told; an observer must not crash the observed node.
 */
export function recordTransitions(
  transition$: Observable<TransitionRecord>,
  limit: number,
  onError: (err: unknown) => void = () => undefined,
): RecordedTransitions {
  const history = createTransitionHistory(limit);
  const subscription = transition$.subscribe({ next: (t) => history.record(t), error: onError });
  return { history, subscription };
}
