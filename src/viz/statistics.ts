/**
 * A plain summary of a machine snapshot for dashboards and logs: where the machine is, how long it
 * has been there, what it knows of the round in progress, and the size of its transition table.
 */
import type { MachineState } from '../machine/states';
import { TRANSITIONS, type Transition } from '../machine/transitions';
import type { MachineSnapshot } from '../engine/snapshot';
import type { RoundCounts } from '../store/round-book';
import { readableLabel } from './readable-label';
import { statesOf } from './transition-kind';

export interface StatisticsOptions<S, P> {
  /** Current scheduler time in ms; without it `timeInState` is null. */
  readonly now?: number;
  /** Names a peer (default: the value itself if primitive, else its JSON). */
  readonly peerIdentity?: (peer: P) => string;
  /** Names the active state; without it `activeState.identity` is null. */
  readonly stateIdentity?: (state: S) => string;
  /** The table counted (default `TRANSITIONS`). */
  readonly table?: readonly Transition[];
}

export interface MachineStatistics {
  /** States the transition table mentions. */
  readonly states: number;
  /** Rows of the transition table. */
  readonly transitions: number;
  /** Of those, rows that never leave their state. */
  readonly internalTransitions: number;
  readonly currentState: MachineState;
  readonly enteredAt: number;
  /** Milliseconds in the current state at `now`; null when `now` was not given. */
  readonly timeInState: number | null;
  /** Real transitions made so far (`snapshot.transitionCount`). */
  readonly transitionsMade: number;
  readonly lastEvent: string | null;
  readonly nextProvers: readonly string[];
  readonly chosenProposer: string | null;
  /** `identity` is null without an active state or without a `stateIdentity` function. */
  readonly activeState: { readonly rank: number; readonly identity: string | null };
  /** Round data held per open rank, lowest rank first. */
  readonly rounds: readonly RoundCounts[];
  readonly fault: string | null;
}

export function machineStatistics<S, V, P, C>(
  snapshot: MachineSnapshot<S, V, P, C>,
  options: StatisticsOptions<S, P> = {},
): MachineStatistics {
  const table = options.table ?? TRANSITIONS;
  const peerName = options.peerIdentity ?? readableLabel;
  const { activeState } = snapshot;
  const { stateIdentity } = options;
  return {
    states: statesOf(table).length,
    transitions: table.length,
    internalTransitions: table.filter((t) => t.internal === true).length,
    currentState: snapshot.state,
    enteredAt: snapshot.enteredAt,
    timeInState: options.now === undefined ? null : options.now - snapshot.enteredAt,
    transitionsMade: snapshot.transitionCount,
    lastEvent: snapshot.lastEvent,
    nextProvers: snapshot.nextProvers.map(peerName),
    chosenProposer: snapshot.chosenProposer === null ? null : peerName(snapshot.chosenProposer),
    activeState: {
      rank: snapshot.activeRank,
      identity: activeState === null || stateIdentity === undefined ? null : stateIdentity(activeState),
    },
    rounds: snapshot.rounds.counts(),
    fault: snapshot.fault,
  };
}
