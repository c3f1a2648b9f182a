/**
 * `createStateMachine`: wires the machine (a state entry is `entry.ts`, the
 * receive methods and Observers are `receive-side.ts`). Inbound messages (from the receive
 * Observers and methods) and the machine's own inputs flow into one stream, delivered one at a
 * time (`serialize`), folded by the pure reducer in a `scan`; each step is published to observers
 * first, then every state entry runs its effect raced with its timeout under `switchMap`, which
 * cancels both when the state is left.
 */
import { left, type Either } from 'fp-ts/Either';
import { asyncScheduler, BehaviorSubject, scan, Subject, switchMap, type Subscription } from 'rxjs';
import type { EffectContextDeps } from '../effects/context';
import { describeError, describeValue } from '../guard/describe';
import { isMachineEvent, MachineState, type MachineEvent } from '../machine/states';
import { DEFAULT_ROUND_BACKOFF } from '../machine/timeouts';
import { TRANSITION_INDEX } from '../machine/transitions';
import { guardSubscribers } from '../operators/guard-subscribers';
import { immediateScheduler } from '../operators/immediate-scheduler';
import { serialize } from '../operators/serialize';
import { SETTLE, type Input, type Ticket } from './inputs';
import type { Outcome, TransitionRecord } from './outcome';
import { createInboundReader } from './read-inbound';
import { createReducer, faulted, type Step } from './reducer';
import type { Rejection, RejectionDetails } from './rejection';
import { initialSnapshot, type MachineSnapshot } from './snapshot';
import type { Accepted, StateMachine, TransitionListener } from './state-machine';
import type { StateMachineOptions, Tracer } from './types';
import { toRejection, verdictOf } from './verdict';
import { createMemoryVoteStore } from './vote-store';
import { PendingDecisions } from '../effects/pending-decisions';
import { enterState, type EntryDeps } from './entry';
import { closedAnswer, createReceiveSide } from './receive-side';
import { safeTracer } from './safe-tracer';
import { machineTracer } from '../observe/logger';
import { ConfigurationError, validateOptions } from './validate-options';

const DEFAULT_RANK_WINDOW = 16;
const DEFAULT_SYNC_RETRY_DELAY = 10_000;

const defaultTracer: Tracer = {
  trace: () => undefined,
  error: (message, err) => console.error(`[rx-consensus] ${message}:`, describeError(err)),
};

export { ConfigurationError } from './validate-options';

export function createStateMachine<S, V, P, C>(
  options: StateMachineOptions<S, V, P, C>,
): StateMachine<S, V, P, C> {
  type Snap = MachineSnapshot<S, V, P, C>;
  type Answer = Either<Rejection<V, P>, Accepted>;
  validateOptions(options);

  const { domain, providers } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  // Conditions settle at the end of the instant: the next macrotask in real time (a 0 ms timer
  // would cost a millisecond each), the same virtual instant (after what is already queued
  // there) on a virtual or custom scheduler.
  const settleScheduler =
    options.scheduler === undefined || options.scheduler === asyncScheduler
      ? immediateScheduler
      : options.scheduler;
  const rankWindow = options.rankWindow ?? DEFAULT_RANK_WINDOW;
  const minimumProvers =
    typeof options.minimumProvers === 'function'
      ? options.minimumProvers
      : () => options.minimumProvers as number;
  const selfId = readConfig('id', 'a peer domain.peer.identity can read', () =>
    domain.peer.identity(options.id),
  );
  const initialRank =
    options.initialState === null
      ? -1
      : readConfig('initialState', 'a state domain.state.rank can read', () =>
          domain.state.rank(options.initialState as S),
        );
  const { maxItemsPerRank } = options;
  // A tracer wins; a structured logger gets every entry with the node, rank and state.
  const tracer = safeTracer(
    options.tracer ??
      (options.logger === undefined ? defaultTracer : machineTracer(options.logger, selfId, () => latest)),
  );

  const read = createInboundReader(domain);
  const reduce = createReducer<S, V, P, C>({ transitions: TRANSITION_INDEX, rankWindow, maxItemsPerRank });

  const backoffInitial = options.failureBackoff?.initial ?? 100;
  const backoffMax = options.failureBackoff?.max ?? options.syncRetryDelay ?? DEFAULT_SYNC_RETRY_DELAY;
  let failuresInARow = 0;

  let latest: Snap = initialSnapshot(options.initialState, initialRank, scheduler.now());
  let closed = false;
  let settlePending: Subscription | null = null;

  // Inbound messages (validated by the receive side) and the machine's own inputs (events,
  // effect updates, settles) share one Subject: one stream, one order.
  const inputs = new Subject<Input<S, V, P, C>>();
  const internal = inputs;
  // Real transitions, published by the step subscriber after observers were told.
  const entries = new Subject<Step<S, V, P, C>>();

  const snapshots = new BehaviorSubject<Snap>(latest);
  const transitions = new Subject<TransitionRecord>();
  const rejections = new Subject<Rejection<V, P>>();
  const equivocations = new Subject<Rejection<V, P>>();
  const outcomes = new Subject<Outcome>();
  const changes = new Subject<void>();
  const listeners = new Set<TransitionListener>();

  const initialStep: Step<S, V, P, C> = { snapshot: latest, outcome: { type: 'settled' }, input: null };
  const steps$ = inputs.pipe(
    serialize(),
    scan((step: Step<S, V, P, C>, input: Input<S, V, P, C>) => {
      try {
        return reduce(step.snapshot, input, scheduler.now());
      } catch (err) {
        return faulted(step.snapshot, `reducer: ${describeError(err)}`, input);
      }
    }, initialStep),
  );

  const deps: EffectContextDeps<S, V, P, C> = {
    self: options.id,
    selfId,
    domain,
    providers,
    voteStore: options.voteStore ?? createMemoryVoteStore<V, P>(),
    emitReceiveEventsOnSends: options.emitReceiveEventsOnSends,
    syncRetryDelay: options.syncRetryDelay ?? DEFAULT_SYNC_RETRY_DELAY,
    rankWindow,
    scheduler,
    tracer,
    failureBackoff: () =>
      failuresInARow === 0 ? 0 : Math.min(backoffMax, backoffInitial * 2 ** Math.min(failuresInARow - 1, 30)),
    minimumProvers,
    current: () => latest,
    changes$: changes,
    read,
    decisions: new PendingDecisions<V, P>(),
  };

  function scheduleSettle(): void {
    if (settlePending !== null || closed) return;
    settlePending = settleScheduler.schedule(() => {
      settlePending = null;
      internal.next(SETTLE);
    });
  }

  function notify(t: TransitionRecord): void {
    transitions.next(t);
    for (const listener of listeners) {
      try {
        listener.onTransition(t.from, t.to, t.event);
      } catch (err) {
        tracer.error(`listener threw on ${t.from} --${t.event}--> ${t.to}; consensus goes on`, err);
      }
    }
  }

  function publishRejection(details: RejectionDetails): void {
    if (details.reason === 'equivocation' && equivocations.observed) equivocations.next(toRejection(details));
    if (rejections.observed) rejections.next(toRejection(details));
  }

  const publishing = steps$.subscribe((step) => {
    latest = step.snapshot;
    const outcome = step.outcome;
    const ticket = step.input !== null && 'ticket' in step.input ? step.input.ticket : undefined;
    if (ticket !== undefined) ticket.outcome = outcome;
    switch (outcome.type) {
      case 'transition':
        snapshots.next(latest);
        tracer.trace(`${outcome.transition.from} --${outcome.transition.event}--> ${outcome.transition.to}`);
        if (outcome.transition.event === 'verification_done') failuresInARow = 0;
        notify(outcome.transition);
        break;
      case 'internal':
      case 'stored':
      case 'updated':
        snapshots.next(latest);
        scheduleSettle();
        break;
      case 'rejected':
        publishRejection(outcome.rejection);
        break;
      case 'settled':
        changes.next();
        break;
      case 'fault':
        tracer.error('engine invariant broken; the machine is stopped', outcome.error);
        snapshots.next(latest);
        break;
      case 'ignored':
        tracer.trace(`ignored: ${outcome.reason}`);
        break;
      case 'duplicate':
        break;
    }
    if (outcomes.observed) outcomes.next(outcome);
    // Observers have been told; now the entered state's effects may start.
    if (outcome.type === 'transition' || outcome.type === 'fault') entries.next(step);
  });

  const entryDeps: EntryDeps<S, V, P, C> = {
    effects: deps,
    timeouts: options.timeouts,
    scheduler,
    tracer,
    onProviderFailure: () => failuresInARow++,
    roundBackoff: {
      factor: options.roundBackoff?.factor ?? DEFAULT_ROUND_BACKOFF.factor,
      max: options.roundBackoff?.max ?? DEFAULT_ROUND_BACKOFF.max,
    },
  };

  const running = entries
    .pipe(
      switchMap((step) =>
        enterState(
          entryDeps,
          step.snapshot,
          step.outcome.type === 'transition' ? step.outcome.transition.event : 'stop',
        ),
      ),
    )
    .subscribe((input) => internal.next(input));

  const receiveSide = createReceiveSide<S, V, P, C>({
    read,
    tracer,
    isClosed: () => closed,
    submit: (input) => inputs.next(input),
    publishRejection,
  });

  function sendEvent(event: MachineEvent): Answer {
    if (closed) return closedAnswer<V, P>();
    const raw: unknown = event;
    if (!isMachineEvent(raw)) {
      const details: RejectionDetails = {
        reason: 'malformed',
        kind: 'event',
        field: 'event',
        problem: `not a machine event: ${describeValue(raw)}`,
      };
      publishRejection(details);
      return left(toRejection(details));
    }
    const ticket: Ticket = {};
    internal.next({ type: 'event', event, ticket });
    return verdictOf(ticket.outcome);
  }

  function advanceTo(rank: number, state: S | null = null): Answer {
    if (closed) return closedAnswer<V, P>();
    const refuse = (field: string, problem: string): Answer => {
      const details: RejectionDetails = { reason: 'malformed', kind: 'event', field, problem };
      publishRejection(details);
      return left(toRejection(details));
    };
    if (!Number.isSafeInteger(rank) || rank < 0) return refuse('rank', `not a rank: ${describeValue(rank)}`);
    let stateRank = -1;
    if (state !== null) {
      try {
        stateRank = domain.state.rank(state);
      } catch (err) {
        return refuse('state', `its rank cannot be read: ${describeError(err)}`);
      }
      if (!Number.isSafeInteger(stateRank) || stateRank < 0 || stateRank >= rank)
        return refuse('state', `its rank ${describeValue(stateRank)} is not below ${rank}`);
    }
    const ticket: Ticket = {};
    internal.next({ type: 'advance', rank, state, stateRank, ticket });
    return verdictOf(ticket.outcome);
  }

  const report = (message: string, err: unknown) => tracer.error(message, err);

  function close(): void {
    if (closed) return;
    closed = true;
    running.unsubscribe();
    publishing.unsubscribe();
    deps.decisions.close();
    settlePending?.unsubscribe();
    settlePending = null;
    if (latest.state !== MachineState.Stopped) {
      latest = { ...latest, state: MachineState.Stopped, enteredAt: scheduler.now() };
      snapshots.next(latest);
    }
    for (const subject of [snapshots, transitions, rejections, equivocations, outcomes, changes])
      subject.complete();
    entries.complete();
    inputs.complete();
    listeners.clear();
  }

  return {
    state$: guardSubscribers(snapshots.asObservable(), report),
    transition$: guardSubscribers(transitions.asObservable(), report),
    rejection$: guardSubscribers(rejections.asObservable(), report),
    equivocation$: guardSubscribers(equivocations.asObservable(), report),
    outcome$: guardSubscribers(outcomes.asObservable(), report),
    ...receiveSide,
    start: () => sendEvent('start'),
    stop: () => sendEvent('stop'),
    close,
    sendEvent,
    advanceTo,
    getState: () => latest.state,
    getSnapshot: () => latest,
    getTransitionCount: () => latest.transitionCount,
    getStateTime: () => scheduler.now() - latest.enteredAt,
    getStateEnteredAt: () => latest.enteredAt,
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
