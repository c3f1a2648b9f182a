/** The public face of a running machine: its streams, receive side and controls. */
import type { Either } from 'fp-ts/Either';
import type { Observable, Observer } from 'rxjs';
import type { MachineEvent, MachineState } from '../machine/states';
import type { Outcome, TransitionRecord } from './outcome';
import type { Rejection } from './rejection';
import type { MachineSnapshot } from './snapshot';

/** How an accepted inbound message or event was taken. */
export type Accepted =
  | { readonly status: 'stored' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'transition'; readonly transition: TransitionRecord }
  | { readonly status: 'internal' }
  /** Sent while the machine was processing another event: it is queued, its verdict comes later
   *  (a refusal is then published on `rejection$`). */
  | { readonly status: 'queued' }
  | { readonly status: 'ignored'; readonly reason: string };

export interface TransitionListener {
  onTransition(from: MachineState, to: MachineState, event: MachineEvent): void;
}

export interface StateMachine<S, V, P, C> {
  /** Snapshots; replays the latest to each new subscriber. */
  readonly state$: Observable<MachineSnapshot<S, V, P, C>>;
  /** One record per real transition, in order. */
  readonly transition$: Observable<TransitionRecord>;
  /** Every refusal (bad input, stale or far rank, equivocation with evidence, event without a row). */
  readonly rejection$: Observable<Rejection<V, P>>;
  /** Equivocations only: both conflicting votes, as evidence. */
  readonly equivocation$: Observable<Rejection<V, P>>;
  /** Every folded input's outcome, for tracing and tests. */
  readonly outcome$: Observable<Outcome>;

  readonly receive: {
    readonly proposal: Observer<{ peer: P; proposal: S }>;
    readonly vote: Observer<{ proposer: P; voter: P; vote: V }>;
    readonly liveness: Observer<{ peer: P; collected: C }>;
    readonly confirmation: Observer<{ peer: P; confirmation: S }>;
  };
  receiveProposal(peer: P, proposal: S): Either<Rejection<V, P>, Accepted>;
  receiveVote(proposer: P, voter: P, vote: V): Either<Rejection<V, P>, Accepted>;
  receiveLivenessCheck(peer: P, collected: C): Either<Rejection<V, P>, Accepted>;
  receiveConfirmation(peer: P, confirmation: S): Either<Rejection<V, P>, Accepted>;

  start(): Either<Rejection<V, P>, Accepted>;
  stop(): Either<Rejection<V, P>, Accepted>;
  /** Stops effects and timers at once and completes every stream; later calls are refused. */
  close(): void;
  sendEvent(event: MachineEvent): Either<Rejection<V, P>, Accepted>;
  /**
   * End the round in progress without finalizing it and run `rank` next (it must be later than
   * the round in progress), building on `state` when given (else on the active state): for a
   * protocol whose ranks can end by a certificate, e.g. a timeout certificate for the current
   * rank or a quorum certificate for a later one. Takes the `rank_advanced` row; refused as
   * `stale` for a rank not past the one in progress, and as `no_transition` outside a round.
   */
  advanceTo(rank: number, state?: S | null): Either<Rejection<V, P>, Accepted>;

  getState(): MachineState;
  getSnapshot(): MachineSnapshot<S, V, P, C>;
  getTransitionCount(): number;
  /** Milliseconds (scheduler time) spent in the current state so far. */
  getStateTime(): number;
  /** Scheduler time at which the current state was entered. */
  getStateEnteredAt(): number;
  addListener(listener: TransitionListener): () => void;
}
