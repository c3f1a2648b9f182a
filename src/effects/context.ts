/**
 * What a state's entry effect gets: the snapshot it entered with, the live snapshot for
 * conditions, the providers behind cancellable calls, and builders for the inputs it may emit
 * (each tagged with the entry's epoch, so output of a state already left is dropped).
 */
import {
  defer,
  EMPTY,
  ignoreElements,
  map,
  merge,
  of,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
} from 'rxjs';
import type { AnswerCheck } from './answers';
import type { PendingDecisions } from './pending-decisions';
import { exhaustMapLatest } from '../operators/exhaust-map-latest';
import { ProviderFailure } from '../operators/from-result';
import { leasedCall, type AbortLease, type SignalPool } from '../operators/abort-lease';
import { isLeft } from 'fp-ts/Either';
import type { MachineEvent } from '../machine/states';
import { failureBackoffMs, type FailureBackoff } from '../machine/timeouts';
import type { EventInput, Inbound, Input, Update, UpdateInput } from '../engine/inputs';
import type { InboundReader } from '../engine/read-inbound';
import type { MachineSnapshot } from '../engine/snapshot';
import { describeRejection } from '../engine/rejection';
import type { Domain, Providers, Result, Tracer, VoteStore } from '../engine/types';

/** What every state entry of one machine shares (read-only). */
export interface MachineConstants<S, V, P, C> {
  readonly self: P;
  readonly selfId: string;
  readonly domain: Domain<S, V, P, C>;
  readonly providers: Providers<S, V, P, C>;
  readonly voteStore: VoteStore<V, P>;
  readonly emitReceiveEventsOnSends: boolean;
  readonly syncRetryDelay: number;
  readonly rankWindow: number;
  readonly scheduler: SchedulerLike;
  readonly tracer: Tracer;
  readonly read: InboundReader<S, V, P, C>;
  /** Vote decisions in flight per rank; they outlive the voting entry that asked. */
  readonly decisions: PendingDecisions<V, P>;
}

const CONSTANTS = [
  'self',
  'selfId',
  'domain',
  'providers',
  'voteStore',
  'emitReceiveEventsOnSends',
  'syncRetryDelay',
  'rankWindow',
  'scheduler',
  'tracer',
  'read',
  'decisions',
] as const satisfies readonly (keyof MachineConstants<unknown, unknown, unknown, unknown>)[];

export interface EffectContext<S, V, P, C> extends MachineConstants<S, V, P, C> {
  /** The snapshot right after entering the state. */
  readonly entry: MachineSnapshot<S, V, P, C>;
  /** The event that entered the state. */
  readonly event: MachineEvent;
  readonly epoch: number;
  /** Milliseconds to wait before synchronizing after provider failures in a row (0 when none). */
  failureBackoff(): number;
  minimumProvers(): number;
  /** The latest snapshot (for conditions re-evaluated during the state). */
  current(): MachineSnapshot<S, V, P, C>;
  /**
   * Call a provider method; failures, and answers `check` refuses, become `ProviderFailure`. Its
   * AbortSignal fires when the state is left while the call is still in flight. A call that
   * answered at once has nothing left to cancel: its signal is the machine's spare, lent on to
   * the next call.
   */
  call<T>(
    provider: string,
    invoke: (signal: AbortSignal) => Result<T>,
    check?: AnswerCheck<T>,
  ): Observable<T>;
  /** Like `call`, for methods whose answer is void (an empty Observable counts as done). */
  callVoid(provider: string, invoke: (signal: AbortSignal) => Result<void>): Observable<void>;
  emit(event: MachineEvent): EventInput;
  update(update: Update<S, V, P, C>): UpdateInput<S, V, P, C>;
  /** This node's own message recorded as if received (for `emitReceiveEventsOnSends`). */
  own(inbound: Either3<S, V, P, C>): Observable<Input<S, V, P, C>>;
  /** Evaluate `condition` now and again after each instant in which round data changed. */
  whenever<R>(condition: () => ObservableInput<R>): Observable<R>;
  /** Read a consensus state's rank, treating a broken accessor as a provider failure. */
  rankOfState(state: S): number;
  /** Tell the provider the round at `rank` ran out of time (`voting.sendTimeout`, when it has one). */
  roundTimedOut(rank: number): Observable<never>;
}

/** The result of reading an own message: an inbound record or a malformed rejection. */
export type Either3<S, V, P, C> = ReturnType<InboundReader<S, V, P, C>['proposal']>;

export interface EffectContextDeps<S, V, P, C> extends MachineConstants<S, V, P, C> {
  readonly failureBackoff: FailureBackoff;
  readonly minimumProvers: () => number;
  readonly current: () => MachineSnapshot<S, V, P, C>;
  readonly changes$: Observable<void>;
  /** The machine's spare signal for provider calls (one of its own when not given). */
  readonly signals?: SignalPool;
}

// The class below gets the shared fields copied in by its constructor.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface EntryContext<S, V, P, C> extends MachineConstants<S, V, P, C> {}

/** One state entry's context. A class: its methods live on the prototype, not in per-entry closures. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class EntryContext<S, V, P, C> implements EffectContext<S, V, P, C> {
  readonly epoch: number;

  constructor(
    private readonly deps: EffectContextDeps<S, V, P, C>,
    readonly entry: MachineSnapshot<S, V, P, C>,
    readonly event: MachineEvent,
    private readonly lease: AbortLease,
  ) {
    this.epoch = entry.transitionCount;
    for (const key of CONSTANTS) (this as Record<string, unknown>)[key] = deps[key];
  }

  failureBackoff(): number {
    return failureBackoffMs(this.entry.providerFailures, this.deps.failureBackoff);
  }

  minimumProvers(): number {
    try {
      const n = this.deps.minimumProvers();
      // Number.isFinite takes no string or other non-number for one (unlike the global isFinite).
      if (!Number.isFinite(n)) throw new Error(`returned ${String(n)}`);
      return n;
    } catch (err) {
      throw new ProviderFailure('minimumProvers', err);
    }
  }

  current(): MachineSnapshot<S, V, P, C> {
    return this.deps.current();
  }

  call<T>(
    provider: string,
    invoke: (signal: AbortSignal) => Result<T>,
    check?: AnswerCheck<T>,
  ): Observable<T> {
    const answer$ = this.provide(provider, invoke);
    if (check === undefined) return answer$;
    return answer$.pipe(
      map((answer) => {
        const problem = check(answer);
        if (problem !== null) throw new ProviderFailure(provider, new TypeError(problem));
        return answer;
      }),
    );
  }

  callVoid(provider: string, invoke: (signal: AbortSignal) => Result<void>): Observable<void> {
    return this.provide<void>(provider, invoke, { value: undefined });
  }

  /** One provider call: the lease lends it a signal, kept only while the call is in flight. */
  private provide<T>(
    provider: string,
    invoke: (signal: AbortSignal) => Result<T>,
    emptyValue?: { value: T },
  ): Observable<T> {
    return leasedCall(this.lease, provider, invoke, emptyValue);
  }

  emit(event: MachineEvent): EventInput {
    return { type: 'event', event, epoch: this.epoch };
  }

  update(update: Update<S, V, P, C>): UpdateInput<S, V, P, C> {
    return { type: 'update', epoch: this.epoch, update };
  }

  own(read: Either3<S, V, P, C>): Observable<Input<S, V, P, C>> {
    return defer(() => {
      if (isLeft(read)) {
        this.tracer.error('own message unreadable', new Error(describeRejection(read.left)));
        return EMPTY;
      }
      return of(read.right as Inbound<S, V, P, C>);
    });
  }

  whenever<R>(condition: () => ObservableInput<R>): Observable<R> {
    return merge(of(undefined), this.deps.changes$).pipe(exhaustMapLatest(() => defer(condition)));
  }

  roundTimedOut(rank: number): Observable<never> {
    const { voting } = this.providers;
    if (voting.sendTimeout === undefined) return EMPTY;
    return this.callVoid('voting.sendTimeout', (signal) => voting.sendTimeout!(rank, signal)).pipe(
      ignoreElements(),
    );
  }

  rankOfState(state: S): number {
    try {
      const rank = this.domain.state.rank(state);
      if (!Number.isSafeInteger(rank) || rank < 0) throw new Error(`rank() returned ${String(rank)}`);
      return rank;
    } catch (err) {
      throw new ProviderFailure('domain.state.rank', err);
    }
  }
}

export function createEffectContext<S, V, P, C>(
  deps: EffectContextDeps<S, V, P, C>,
  entry: MachineSnapshot<S, V, P, C>,
  event: MachineEvent,
  lease: AbortLease,
): EffectContext<S, V, P, C> {
  return new EntryContext(deps, entry, event, lease);
}

/** A state's entry behaviour: an Observable of inputs, cancelled when the state is left. */
export type StateEffect = <S, V, P, C>(ctx: EffectContext<S, V, P, C>) => Observable<Input<S, V, P, C>>;
