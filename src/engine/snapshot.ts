/**
 * The machine snapshot: everything the machine knows at one instant, immutable to its readers.
 * Produced only by the reducer.
 */
import { MachineState } from '../machine/states';
import { RoundBook, type RoundCounts } from '../store/round-book';
import type { Inbound } from './inputs';
import type { CastVote } from './types';

export interface Finalized<S, P> {
  readonly state: S;
  readonly rank: number;
  readonly proposer: P;
}

export interface MachineSnapshot<S, V, P, C> {
  readonly state: MachineState;
  /** The last finalized (or synced) consensus state; null before the first. */
  readonly activeState: S | null;
  /**
   * The last rank that is over for this node: the rank of `activeState`, or higher when later
   * ranks ended by a certificate without a new state; -1 before the first. The round being run
   * is `activeRank + 1`.
   */
  readonly activeRank: number;
  /**
   * How far the round's timeouts are backed off: one more for each rank that ended without this
   * node finalizing it, one less for each rank it finalized before the round's timeout fired
   * (a rank finalized only after its timeout fired leaves it as it is). So timeouts grow while
   * ranks fail, stay long enough while ranks need them, and shrink back once ranks are quick.
   */
  readonly failedRanks: number;
  /** Whether the round in progress has already run out of time once (its timeout fired). */
  readonly roundTimedOut: boolean;
  /**
   * Provider failures in a row (each answered by `induce_sync`); a round verified resets it.
   * Loading waits a back-off that grows with it before synchronizing again.
   */
  readonly providerFailures: number;
  readonly nextProvers: readonly P[];
  readonly chosenProposer: P | null;
  /** The mutations collected for this round. */
  readonly collected: C | null;
  /** The last vote this node cast (or re-published). */
  readonly ownVote: CastVote<V, P> | null;
  /** The state finalized this round, waiting for verification. */
  readonly finalized: Finalized<S, P> | null;
  /** Highest rank this node has sent a confirmation for; -1 when none. */
  readonly confirmedRank: number;
  /** Liveness checks, proposals, votes and confirmations per open rank. */
  readonly rounds: RoundBook<S, V, C, Inbound<S, V, P, C>>;
  readonly transitionCount: number;
  /** Scheduler time at which `state` was entered. */
  readonly enteredAt: number;
  readonly lastEvent: string | null;
  /** Set when an engine invariant broke and the machine stopped. */
  readonly fault: string | null;
}

export function initialSnapshot<S, V, P, C>(
  initialState: S | null,
  initialRank: number,
  now: number,
): MachineSnapshot<S, V, P, C> {
  return {
    state: MachineState.Stopped,
    activeState: initialState,
    activeRank: initialRank,
    failedRanks: 0,
    roundTimedOut: false,
    providerFailures: 0,
    nextProvers: [],
    chosenProposer: null,
    collected: null,
    ownVote: null,
    finalized: null,
    confirmedRank: -1,
    rounds: RoundBook.empty(),
    transitionCount: 0,
    enteredAt: now,
    lastEvent: null,
    fault: null,
  };
}

/** Per-rank counts of liveness checks, proposals, votes and confirmations. */
export const roundCounts = (s: MachineSnapshot<unknown, unknown, unknown, unknown>): RoundCounts[] =>
  s.rounds.counts();

/**
 * A copy of `s` with the fields that change on the hot paths (a transition, an inbound message).
 * Written out field by field: spreading an object this size is several times slower in V8, and
 * this runs once per input.
 */
function copy<S, V, P, C>(
  s: MachineSnapshot<S, V, P, C>,
  state: MachineState,
  rounds: MachineSnapshot<S, V, P, C>['rounds'],
  transitionCount: number,
  enteredAt: number,
  lastEvent: string | null,
): MachineSnapshot<S, V, P, C> {
  return {
    state,
    activeState: s.activeState,
    activeRank: s.activeRank,
    failedRanks: s.failedRanks,
    roundTimedOut: s.roundTimedOut,
    providerFailures: s.providerFailures,
    nextProvers: s.nextProvers,
    chosenProposer: s.chosenProposer,
    collected: s.collected,
    ownVote: s.ownVote,
    finalized: s.finalized,
    confirmedRank: s.confirmedRank,
    rounds,
    transitionCount,
    enteredAt,
    lastEvent,
    fault: s.fault,
  };
}

/** `s` as just entered through a real transition. */
export const entered = <S, V, P, C>(
  s: MachineSnapshot<S, V, P, C>,
  state: MachineState,
  event: string,
  now: number,
): MachineSnapshot<S, V, P, C> => copy(s, state, s.rounds, s.transitionCount + 1, now, event);

/** `s` with new round data. */
export const withRounds = <S, V, P, C>(
  s: MachineSnapshot<S, V, P, C>,
  rounds: MachineSnapshot<S, V, P, C>['rounds'],
): MachineSnapshot<S, V, P, C> => copy(s, s.state, rounds, s.transitionCount, s.enteredAt, s.lastEvent);
