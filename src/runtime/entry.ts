/**
 * One state entry: the state's effect raced with its timeout.
 *
 * What the effect hands over on the way (data updates, its own messages recorded as received)
 * is folded as it comes. Its decision (the event that leaves the state, or its failure) races
 * the state's timer: whichever comes first is the entry's last word, and the other is
 * cancelled. Leaving the state (`switchMap` moving on to the next entry) cancels both and fires
 * the entry's AbortSignal. A provider failure becomes `induce_sync`, anything else an engine fault.
 */
import {
  catchError,
  defer,
  EMPTY,
  filter,
  map,
  NEVER,
  type Observable,
  of,
  race,
  tap,
  type SchedulerLike,
  timer,
  using,
} from 'rxjs';
import type { Input } from '../engine/inputs';
import type { MachineSnapshot } from '../engine/snapshot';
import type { Tracer } from '../engine/types';
import { STATE_EFFECTS } from '../effects';
import { createEffectContext, type EffectContext, type EffectContextDeps } from '../effects/context';
import { describeError } from '../guard/describe';
import { MachineEvent, type MachineState } from '../machine/states';
import { backedOffTimeout, timeoutFor, type RoundBackoff, type StateTimeout } from '../machine/timeouts';
import { AbortLease } from '../operators/abort-lease';
import { ProviderFailure } from '../operators/from-result';

export interface EntryDeps<S, V, P, C> {
  readonly effects: EffectContextDeps<S, V, P, C>;
  readonly timeouts: Partial<Record<MachineState, number>> | undefined;
  readonly roundBackoff: RoundBackoff;
  readonly scheduler: SchedulerLike;
  readonly tracer: Tracer;
  /** Fold an input now (data an effect hands over while its decision races the timer). */
  readonly fold: (input: Input<S, V, P, C>) => void;
}

/** An input that ends the state entry: an event, or a fault. Everything else is data. */
const isDecision = <S, V, P, C>(input: Input<S, V, P, C>): boolean =>
  input.type === 'event' || input.type === 'fault';
const isData = <S, V, P, C>(input: Input<S, V, P, C>): boolean => !isDecision(input);

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
  if (effect === undefined && timeout === undefined) return EMPTY;
  return using(
    () => new AbortLease(),
    (lease) => {
      const ctx = createEffectContext(deps.effects, snapshot, event, lease as AbortLease);
      const work$: Observable<Input<S, V, P, C>> =
        effect === undefined
          ? NEVER
          : defer(() => effect(ctx)).pipe(catchError((err: unknown) => of(failed(deps, ctx, err))));
      if (timeout === undefined) return work$;
      const decision$ = work$.pipe(
        tap((input) => isData(input) && deps.fold(input)),
        filter(isDecision),
      );
      return race(decision$, timer(timeout.ms, deps.scheduler).pipe(map(() => ctx.emit(timeout.event))));
    },
  );
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
