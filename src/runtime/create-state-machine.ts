/**
 * `createStateMachine`: the machine as one RxJS pipeline.
 *
 * ```
 *   received$ ─┐                        ┌─ tap(publish): state$, transition$, listeners first
 *              ├─ merge ─ serialize ─ scan(reduce) ─ steps$ ─┬─ switchMap(enterState) ─┐
 *   own$ ──────┘                                             │   race(effect, timer)    │
 *     ▲                                                      └─ auditTime(0) → settle ──┤
 *     └─────────────────────────────────────────────────────────────────────────────────┘
 * ```
 *
 * - Messages from the network (read and validated by the receive side) and the machine's own
 *   inputs (events, what state effects hand back, end-of-instant settles) are merged into one
 *   stream and delivered one at a time (`serialize`): one stream, one order.
 * - `scan` folds each input with the pure reducer into a step: the next snapshot and the outcome.
 * - Observers are told first (`publish`); then `switchMap` enters the state a transition
 *   entered, cancelling the previous entry: its effect raced with its timeout (`entry.ts`).
 * - Once per instant in which round data or decisions changed, a `settle` input lets the state's
 *   conditions be evaluated again (`auditTime` on the end-of-instant scheduler).
 *
 * Everything the machine knows, the provider-failure back-off included, is in the snapshot.
 */
import { left, type Either } from 'fp-ts/Either';
import {
  asyncScheduler,
  auditTime,
  BehaviorSubject,
  filter,
  map,
  merge,
  type Observable,
  scan,
  share,
  Subject,
  switchMap,
  tap,
} from 'rxjs';
import type { EffectContextDeps } from '../effects/context';
import { PendingDecisions } from '../effects/pending-decisions';
import { SETTLE, type Inbound, type Input } from '../engine/inputs';
import type { Outcome, TransitionRecord } from '../engine/outcome';
import { createInboundReader } from '../engine/read-inbound';
import { createReducer, faulted, type Step } from '../engine/reducer';
import { describeRejection, type Rejection, type RejectionDetails } from '../engine/rejection';
import { initialSnapshot, type MachineSnapshot } from '../engine/snapshot';
import type { Accepted, StateMachine, TransitionListener } from '../engine/state-machine';
import type { StateMachineOptions, Tracer } from '../engine/types';
import { ConfigurationError, validateOptions } from '../engine/validate-options';
import { toRejection, verdictOf } from '../engine/verdict';
import { createMemoryVoteStore } from '../engine/vote-store';
import { describeError, describeValue } from '../guard/describe';
import { isMachineEvent, MachineEvent, MachineState } from '../machine/states';
import { DEFAULT_RANK_WINDOW } from '../machine/rank-window';
import { DEFAULT_ROUND_BACKOFF } from '../machine/timeouts';
import { TRANSITION_INDEX } from '../machine/transitions';
import { machineTracer } from '../observe/logger';
import { SignalPool } from '../operators/abort-lease';
import { settleSchedulerFor } from '../operators/end-of-instant';
import { guardSubscribers } from '../operators/guard-subscribers';
import { serialize } from '../operators/serialize';
import { enterState, type EntryDeps } from './entry';
import { closedAnswer, createReceiveSide } from './receive-side';
import { safeTracer } from './safe-tracer';

const DEFAULT_SYNC_RETRY_DELAY = 10_000;

const defaultTracer: Tracer = {
  trace: () => undefined,
  error: (message, err) => console.error(`[rx-consensus] ${message}:`, describeError(err)),
};

/** Outcomes that changed round data or decisions: the state's conditions are evaluated again. */
const CHANGED_DATA = new Set<Outcome['type']>(['internal', 'stored', 'updated']);

export { ConfigurationError } from '../engine/validate-options';

export function createStateMachine<S, V, P, C>(
  options: StateMachineOptions<S, V, P, C>,
): StateMachine<S, V, P, C> {
  type Snap = MachineSnapshot<S, V, P, C>;
  type In = Input<S, V, P, C>;
  type Answer = Either<Rejection<V, P>, Accepted>;
  validateOptions(options);

  const { domain, providers } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const rankWindow = options.rankWindow ?? DEFAULT_RANK_WINDOW;
  const syncRetryDelay = options.syncRetryDelay ?? DEFAULT_SYNC_RETRY_DELAY;
  const selfId = readConfig('id', 'a peer domain.peer.identity can read', () =>
    domain.peer.identity(options.id),
  );
  const initialRank =
    options.initialState === null
      ? -1
      : readConfig('initialState', 'a state domain.state.rank can read', () =>
          domain.state.rank(options.initialState as S),
        );
  if (options.initialState !== null && (!Number.isSafeInteger(initialRank) || initialRank < 0))
    throw new ConfigurationError(
      'initialState',
      'a state whose rank is a non-negative safe integer',
      `one of rank ${describeValue(initialRank)}`,
    );
  // A tracer wins; a structured logger gets every entry with the node, rank and state.
  const tracer = safeTracer(
    options.tracer ??
      (options.logger === undefined ? defaultTracer : machineTracer(options.logger, selfId, () => current())),
  );
  const read = createInboundReader(domain);
  const reduce = createReducer<S, V, P, C>({
    transitions: TRANSITION_INDEX,
    rankWindow,
    maxItemsPerRank: options.maxItemsPerRank,
  });

  let closed = false;

  // The two ways in.
  const received$ = new Subject<Inbound<S, V, P, C>>();
  const own$ = new Subject<In>();
  // What observers see before the entered state starts its work.
  const snapshots = new BehaviorSubject<Snap>(
    initialSnapshot(options.initialState, initialRank, scheduler.now()),
  );
  /** The machine's state now: the last snapshot folded. */
  const current = (): Snap => snapshots.getValue();
  const transitions = new Subject<TransitionRecord>();
  const listeners = new Set<TransitionListener>();

  /** The input a caller waits on, and its outcome once folded (see `fold`). */
  let awaited: In | null = null;
  let answer: Outcome | undefined;

  const foldSafely = (step: Step<S, V, P, C>, input: In): Step<S, V, P, C> => {
    try {
      return reduce(step.snapshot, input, scheduler.now());
    } catch (err) {
      return faulted(step.snapshot, `reducer: ${describeError(err)}`, input);
    }
  };

  /** Tell observers what a step did, before the state it entered starts its work. */
  function publish({ snapshot, outcome, input }: Step<S, V, P, C>): void {
    if (input === awaited) answer = outcome;
    if (snapshot !== current()) snapshots.next(snapshot);
    switch (outcome.type) {
      case 'transition':
        return announce(outcome.transition);
      case 'rejected':
        return tracer.trace(`refused: ${describeRejection(outcome.rejection)}`);
      case 'ignored':
        return tracer.trace(`ignored: ${outcome.reason}`);
      case 'fault':
        return tracer.error('engine invariant broken; the machine is stopped', outcome.error);
    }
  }

  function announce(t: TransitionRecord): void {
    tracer.trace(`${t.from} --${t.event}--> ${t.to}`);
    transitions.next(t);
    for (const listener of listeners) {
      try {
        listener.onTransition(t.from, t.to, t.event);
      } catch (err) {
        tracer.error(`listener threw on ${t.from} --${t.event}--> ${t.to}; consensus goes on`, err);
      }
    }
  }

  const initialStep: Step<S, V, P, C> = { snapshot: current(), outcome: { type: 'settled' }, input: null };
  const steps$ = merge(received$, own$).pipe(
    serialize(),
    scan(foldSafely, initialStep),
    tap(publish),
    share({ resetOnRefCountZero: false }),
  );
  const outcome$ = steps$.pipe(map((step) => step.outcome));
  const rejection$ = outcome$.pipe(
    filter((o): o is Extract<Outcome, { type: 'rejected' }> => o.type === 'rejected'),
    map((o) => toRejection<V, P>(o.rejection)),
  );
  const settled$ = outcome$.pipe(
    filter((o) => o.type === 'settled'),
    map((): void => undefined),
    share(),
  );

  const effects: EffectContextDeps<S, V, P, C> = {
    self: options.id,
    selfId,
    domain,
    providers,
    voteStore: options.voteStore ?? createMemoryVoteStore<V, P>(),
    emitReceiveEventsOnSends: options.emitReceiveEventsOnSends,
    syncRetryDelay,
    rankWindow,
    scheduler,
    tracer,
    failureBackoff: {
      initial: options.failureBackoff?.initial ?? 100,
      max: options.failureBackoff?.max ?? syncRetryDelay,
    },
    minimumProvers:
      typeof options.minimumProvers === 'function'
        ? options.minimumProvers
        : () => options.minimumProvers as number,
    current,
    changes$: settled$,
    read,
    decisions: new PendingDecisions<V, P>(),
    signals: new SignalPool(),
  };
  const entryDeps: EntryDeps<S, V, P, C> = {
    effects,
    timeouts: options.timeouts,
    scheduler,
    tracer,
    fold: (input) => own$.next(input),
    roundBackoff: {
      factor: options.roundBackoff?.factor ?? DEFAULT_ROUND_BACKOFF.factor,
      max: options.roundBackoff?.max ?? DEFAULT_ROUND_BACKOFF.max,
    },
  };

  // Each real transition (or fault) enters a state: its effect raced with its timeout, cancelled
  // when the next one is entered.
  const entries = steps$.pipe(
    filter(({ outcome }) => outcome.type === 'transition' || outcome.type === 'fault'),
    switchMap(({ snapshot, outcome }) =>
      enterState(
        entryDeps,
        snapshot,
        outcome.type === 'transition' ? outcome.transition.event : MachineEvent.Stop,
      ),
    ),
  );
  // Once per instant with new data: evaluate the state's conditions again.
  const settles = steps$.pipe(
    filter(({ outcome }) => CHANGED_DATA.has(outcome.type)),
    auditTime(0, settleSchedulerFor(options.scheduler)),
    map((): In => SETTLE),
  );
  const running = merge(entries, settles).subscribe((input) => own$.next(input));

  /**
   * Fold `input` (through `into`) now: its outcome, or undefined if it waits behind the input in
   * progress (a call made while the machine is folding, from a listener or a provider).
   */
  function fold(input: In, into: Subject<In> = own$): Outcome | undefined {
    const outer = awaited;
    const outerAnswer = answer;
    awaited = input;
    answer = undefined;
    into.next(input);
    const mine = answer;
    awaited = outer;
    answer = outerAnswer;
    return mine;
  }

  const refuse = (details: RejectionDetails): Answer => {
    own$.next({ type: 'refused', details });
    return left(toRejection(details));
  };

  const receiveSide = createReceiveSide<S, V, P, C>({
    read,
    tracer,
    isClosed: () => closed,
    submit: (inbound) => fold(inbound, received$ as Subject<In>),
    refuse: (details) => void refuse(details),
  });

  function sendEvent(event: MachineEvent): Answer {
    if (closed) return closedAnswer<V, P>();
    const raw: unknown = event;
    if (!isMachineEvent(raw))
      return refuse({
        reason: 'malformed',
        kind: 'event',
        field: 'event',
        problem: `not a machine event: ${describeValue(raw)}`,
      });
    return verdictOf(fold({ type: 'event', event }));
  }

  function advanceTo(rank: number, state: S | null = null): Answer {
    if (closed) return closedAnswer<V, P>();
    const malformed = (field: string, problem: string): Answer =>
      refuse({ reason: 'malformed', kind: 'event', field, problem });
    if (!Number.isSafeInteger(rank) || rank < 0)
      return malformed('rank', `not a rank: ${describeValue(rank)}`);
    let stateRank = -1;
    if (state !== null) {
      try {
        stateRank = domain.state.rank(state);
      } catch (err) {
        return malformed('state', `its rank cannot be read: ${describeError(err)}`);
      }
      if (!Number.isSafeInteger(stateRank) || stateRank < 0 || stateRank >= rank)
        return malformed('state', `its rank ${describeValue(stateRank)} is not below ${rank}`);
    }
    return verdictOf(fold({ type: 'advance', rank, state, stateRank }));
  }

  const report = (message: string, err: unknown) => tracer.error(message, err);
  const guarded = <T>(source: Observable<T>) => guardSubscribers(source, report);

  function close(): void {
    if (closed) return;
    closed = true;
    running.unsubscribe();
    effects.decisions.close();
    const last = current();
    if (last.state !== MachineState.Stopped)
      snapshots.next({ ...last, state: MachineState.Stopped, enteredAt: scheduler.now() });
    received$.complete();
    own$.complete();
    snapshots.complete();
    transitions.complete();
    listeners.clear();
  }

  return {
    state$: guarded(snapshots.asObservable()),
    transition$: guarded(transitions.asObservable()),
    rejection$: guarded(rejection$),
    equivocation$: guarded(rejection$.pipe(filter((r) => r.details.reason === 'equivocation'))),
    outcome$: guarded(outcome$),
    ...receiveSide,
    start: () => sendEvent(MachineEvent.Start),
    stop: () => sendEvent(MachineEvent.Stop),
    close,
    sendEvent,
    advanceTo,
    getState: () => current().state,
    getSnapshot: current,
    getTransitionCount: () => current().transitionCount,
    getStateTime: () => scheduler.now() - current().enteredAt,
    getStateEnteredAt: () => current().enteredAt,
    addListener(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function readConfig<T>(what: string, expected: string, readIt: () => T): T {
  let value: T;
  try {
    value = readIt();
  } catch (err) {
    throw new ConfigurationError(what, expected, `one it throws on: ${describeError(err)}`);
  }
  if (value === undefined || value === null)
    throw new ConfigurationError(what, expected, 'one it reads as nothing');
  return value;
}
