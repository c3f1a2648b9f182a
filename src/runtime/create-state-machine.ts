/**
 * `createStateMachine`: the machine as one RxJS pipeline around a small runtime.
 *
 * ```
 *   receive side ─┐                               ┌─ publish: state$, transition$, listeners first
 *                 ├─ runtime: mailbox ─ scan(reduce) ─┼─ entered$ ─ switchMap(enterState) ─┐
 *   own inputs ───┘                               │      raceTimer(effect, timeout)     │
 *     ▲                                           └─ once per instant with new data: settle ─┤
 *     └───────────────────────────────────────────────────────────────────────────────────┘
 * ```
 *
 * - Messages from the network (read and validated by the receive side) and the machine's own
 *   inputs (events, what state effects hand back, end-of-instant settles) go into one mailbox
 *   and are folded one at a time, in arrival order (`runtime.ts`).
 * - The pure reducer folds each input into a step: the next snapshot and the outcome.
 * - Observers are told first (`publish`); then `switchMap` enters the state a transition
 *   entered, cancelling the previous entry: its effect raced with its timeout (`entry.ts`).
 * - Once per instant in which round data or decisions changed, a `settle` input lets the state's
 *   conditions be evaluated again.
 *
 * Everything the machine knows, the provider-failure back-off included, is in the snapshot.
 * Outside it: vote decisions still in flight at the provider (`PendingDecisions`), the settle
 * pending for the instant, and the AbortSignals of provider calls in flight.
 */
import { left, type Either } from 'fp-ts/Either';
import { asyncScheduler, BehaviorSubject, filter, map, type Observable, Subject, switchMap } from 'rxjs';
import type { EffectContextDeps } from '../effects/context';
import { PendingDecisions } from '../effects/pending-decisions';
import type { Input } from '../engine/inputs';
import type { Outcome, TransitionRecord } from '../engine/outcome';
import { createInboundReader } from '../engine/read-inbound';
import { createReducer, type Step } from '../engine/reducer';
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
import { enterState, type EntryDeps } from './entry';
import { closedAnswer, createReceiveSide } from './receive-side';
import { Runtime } from './runtime';
import { safeTracer } from './safe-tracer';

const DEFAULT_SYNC_RETRY_DELAY = 10_000;

const defaultTracer: Tracer = {
  trace: () => undefined,
  error: (message, err) => console.error(`[rx-consensus] ${message}:`, describeError(err)),
};

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

  // What observers see before the entered state starts its work.
  const snapshots = new BehaviorSubject<Snap>(
    initialSnapshot(options.initialState, initialRank, scheduler.now()),
  );
  const transitions = new Subject<TransitionRecord>();
  const listeners = new Set<TransitionListener>();

  /** Tell observers what a step did, before the state it entered starts its work. */
  function publish({ snapshot, outcome }: Step<S, V, P, C>): void {
    if (snapshot !== snapshots.getValue()) snapshots.next(snapshot);
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
    if (transitions.observed) transitions.next(t);
    for (const listener of listeners) {
      try {
        listener.onTransition(t.from, t.to, t.event);
      } catch (err) {
        tracer.error(`listener threw on ${t.from} --${t.event}--> ${t.to}; consensus goes on`, err);
      }
    }
  }

  const runtime = new Runtime<S, V, P, C>(
    { reduce, scheduler, settleScheduler: settleSchedulerFor(options.scheduler), publish },
    snapshots.getValue(),
  );
  /** The machine's state now: the last snapshot folded. */
  const current = (): Snap => runtime.current();
  const send = (input: In): Outcome | undefined => runtime.send(input);
  const outcome$ = runtime.outcome$.asObservable();
  const rejection$ = outcome$.pipe(
    filter((o): o is Extract<Outcome, { type: 'rejected' }> => o.type === 'rejected'),
    map((o) => toRejection<V, P>(o.rejection)),
  );

  const signals = new SignalPool();
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
    changes$: runtime.settled$,
    read,
    decisions: new PendingDecisions<V, P>(signals),
    signals,
  };
  const entryDeps: EntryDeps<S, V, P, C> = {
    effects,
    timeouts: options.timeouts,
    scheduler,
    tracer,
    fold: send,
    roundBackoff: {
      factor: options.roundBackoff?.factor ?? DEFAULT_ROUND_BACKOFF.factor,
      max: options.roundBackoff?.max ?? DEFAULT_ROUND_BACKOFF.max,
    },
  };

  // Each real transition (or fault) enters a state: its effect raced with its timeout, cancelled
  // when the next one is entered.
  const running = runtime.entered$
    .pipe(
      switchMap(({ snapshot, outcome }) =>
        enterState(
          entryDeps,
          snapshot,
          outcome.type === 'transition' ? outcome.transition.event : MachineEvent.Stop,
        ),
      ),
    )
    .subscribe(send);

  const refuse = (details: RejectionDetails): Answer => {
    send({ type: 'refused', details });
    return left(toRejection(details));
  };

  const receiveSide = createReceiveSide<S, V, P, C>({
    read,
    tracer,
    isClosed: () => closed,
    submit: send,
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
    return verdictOf(send({ type: 'event', event }));
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
    return verdictOf(send({ type: 'advance', rank, state, stateRank }));
  }

  const report = (message: string, err: unknown) => tracer.error(message, err);
  const guarded = <T>(source: Observable<T>) => guardSubscribers(source, report);

  function close(): void {
    if (closed) return;
    closed = true;
    running.unsubscribe();
    effects.decisions.close();
    const last = current();
    const final =
      last.state === MachineState.Stopped
        ? last
        : { ...last, state: MachineState.Stopped, enteredAt: scheduler.now() };
    runtime.close(final);
    if (final !== last) snapshots.next(final);
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
