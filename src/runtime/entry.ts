/**
 * One state entry: the state's effect raced with its timeout.
 *
 * What the effect hands over on the way (data updates, its own messages recorded as received)
 * is folded as it comes. Its decision (the event that leaves the state, or its failure) races
 * the state's timer: whichever comes first is the entry's last word, and the other is
 * cancelled. Leaving the state (`switchMap` moving on to the next entry) cancels both and fires
 * the AbortSignal of every provider call still in flight. A provider failure becomes
 * `induce_sync`, anything else an engine fault.
 *
 * This is `race(defer(effect).pipe(catchError, tap(fold data), filter(decision)),
 * timer(timeout).pipe(map(timeout event))).pipe(finalize(abort lease))` written as two
 * Observables (`raceTimer` and the effect's own): it runs for every state entry.
 */
import { EMPTY, NEVER, Observable, type SchedulerLike } from 'rxjs';
import type { Input } from '../engine/inputs';
import type { MachineSnapshot } from '../engine/snapshot';
import type { Tracer } from '../engine/types';
import { STATE_EFFECTS, type StateEffect } from '../effects';
import { createEffectContext, type EffectContext, type EffectContextDeps } from '../effects/context';
import { describeError } from '../guard/describe';
import { MachineEvent, type MachineState } from '../machine/states';
import { backedOffTimeout, timeoutFor, type RoundBackoff, type StateTimeout } from '../machine/timeouts';
import { AbortLease } from '../operators/abort-lease';
import { ProviderFailure } from '../operators/from-result';
import { raceTimer } from '../operators/race-timer';

export interface EntryDeps<S, V, P, C> {
  readonly effects: EffectContextDeps<S, V, P, C>;
  readonly timeouts: Partial<Record<MachineState, number>> | undefined;
  readonly roundBackoff: RoundBackoff;
  readonly scheduler: SchedulerLike;
  readonly tracer: Tracer;
  /** Fold an input now (data an effect hands over while its decision races the timer). */
  readonly fold: (input: Input<S, V, P, C>) => void;
}

/**
 * An input that ends the state entry: an event. Everything else an effect hands over is data (its
 * failure, a fault, is made below by `failed` and goes straight to the race).
 */
const isDecision = <S, V, P, C>(input: Input<S, V, P, C>): boolean => input.type === 'event';

/** The timeout of the state entered in `snapshot`, backed off while ranks fail. */
export function entryTimeout(
  snapshot: MachineSnapshot<unknown, unknown, unknown, unknown>,
  timeouts: Partial<Record<MachineState, number>> | undefined,
  backoff: RoundBackoff,
): StateTimeout | undefined {
  const base = timeoutFor(snapshot.state, timeouts);
  return base === undefined
    ? undefined
    : backedOffTimeout(snapshot.state, base, snapshot.failedRanks, backoff);
}

export function enterState<S, V, P, C>(
  deps: EntryDeps<S, V, P, C>,
  snapshot: MachineSnapshot<S, V, P, C>,
  event: MachineEvent,
): Observable<Input<S, V, P, C>> {
  const effect = STATE_EFFECTS[snapshot.state];
  const timeout = entryTimeout(snapshot, deps.timeouts, deps.roundBackoff);
  // Every state with an effect has a timeout (spec/engine/entry.spec.ts checks it): a state
  // without one (stopped) has nothing to do.
  if (timeout === undefined) return EMPTY;
  return new Observable<Input<S, V, P, C>>((subscriber) => {
    const lease = new AbortLease(deps.effects.signals);
    const ctx = createEffectContext(deps.effects, snapshot, event, lease);
    const work$ = effect === undefined ? NEVER : decisionOf(deps, ctx, effect);
    const race = raceTimer(work$, timeout.ms, deps.scheduler, () => ctx.emit(timeout.event)).subscribe(
      subscriber,
    );
    return () => {
      race.unsubscribe();
      lease.abort();
    };
  });
}

/**
 * The effect's decision: its data folded as it comes, its failure turned into an input
 * (`defer(effect).pipe(catchError(failed), tap(fold data), filter(decision))`).
 */
function decisionOf<S, V, P, C>(
  deps: EntryDeps<S, V, P, C>,
  ctx: EffectContext<S, V, P, C>,
  effect: StateEffect,
): Observable<Input<S, V, P, C>> {
  return new Observable<Input<S, V, P, C>>((subscriber) => {
    const fail = (err: unknown) => {
      subscriber.next(failed(deps, ctx, err));
      subscriber.complete();
    };
    let work: Observable<Input<S, V, P, C>>;
    try {
      work = effect(ctx);
    } catch (err) {
      fail(err);
      return undefined;
    }
    return work.subscribe({
      next: (input) => (isDecision(input) ? subscriber.next(input) : deps.fold(input)),
      error: fail,
      complete: () => subscriber.complete(),
    });
  });
}

/** What an effect's failure means: `induce_sync` for a provider's, an engine fault otherwise. */
function failed<S, V, P, C>(
  deps: EntryDeps<S, V, P, C>,
  ctx: EffectContext<S, V, P, C>,
  err: unknown,
): Input<S, V, P, C> {
  if (err instanceof ProviderFailure) {
    deps.tracer.error(`${ctx.entry.state}: ${err.provider} failed; inducing sync`, err.cause);
    return { ...ctx.emit(MachineEvent.InduceSync), failedProvider: err.provider };
  }
  return { type: 'fault', message: `${ctx.entry.state} effect: ${describeError(err)}` };
}
