/**
 * One state entry: the state's effect raced with its timeout. The timeout's event fires only if
 * the state has not been left by then; unsubscribing (leaving the state) cancels both and fires
 * the entry's AbortSignal. A provider failure becomes `induce_sync`, anything else an engine
 * fault. One hand-written Observable: this runs on every state entry.
 */
import { EMPTY, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { STATE_EFFECTS } from '../effects';
import { createEffectContext, type EffectContextDeps } from '../effects/context';
import { describeError } from '../guard/describe';
import type { MachineEvent, MachineState } from '../machine/states';
import { backedOffTimeout, timeoutFor, type RoundBackoff } from '../machine/timeouts';
import { AbortLease } from '../operators/abort-lease';
import { ProviderFailure } from '../operators/from-result';
import type { Input } from './inputs';
import type { MachineSnapshot } from './snapshot';
import type { Tracer } from './types';

export interface EntryDeps<S, V, P, C> {
  readonly effects: EffectContextDeps<S, V, P, C>;
  readonly timeouts: Partial<Record<MachineState, number>> | undefined;
  readonly roundBackoff: RoundBackoff;
  readonly scheduler: SchedulerLike;
  readonly tracer: Tracer;
  /** Told of each provider failure (for the failure back-off). */
  readonly onProviderFailure: () => void;
}

export function enterState<S, V, P, C>(
  deps: EntryDeps<S, V, P, C>,
  snapshot: MachineSnapshot<S, V, P, C>,
  event: MachineEvent,
): Observable<Input<S, V, P, C>> {
  const effect = STATE_EFFECTS[snapshot.state];
  const base = timeoutFor(snapshot.state, deps.timeouts);
  const timeout =
    base === undefined
      ? undefined
      : backedOffTimeout(snapshot.state, base, snapshot.failedRanks, deps.roundBackoff);
  if (effect === undefined && timeout === undefined) return EMPTY;
  return new Observable<Input<S, V, P, C>>((subscriber) => {
    const lease = new AbortLease();
    const ctx = createEffectContext(deps.effects, snapshot, event, lease);
    const onEffectError = (err: unknown) => {
      if (err instanceof ProviderFailure) {
        deps.onProviderFailure();
        deps.tracer.error(`${snapshot.state}: ${err.provider} failed; inducing sync`, err.cause);
        subscriber.next(ctx.emit('induce_sync'));
      } else {
        subscriber.next({ type: 'fault', message: `${snapshot.state} effect: ${describeError(err)}` });
      }
    };
    const timer =
      timeout === undefined
        ? undefined
        : deps.scheduler.schedule(() => subscriber.next(ctx.emit(timeout.event)), timeout.ms);
    let work: Subscription | undefined;
    if (effect !== undefined) {
      try {
        work = effect(ctx).subscribe({ next: (input) => subscriber.next(input), error: onEffectError });
      } catch (err) {
        onEffectError(err);
      }
    }
    return () => {
      work?.unsubscribe();
      timer?.unsubscribe();
      lease.abort();
    };
  });
}
