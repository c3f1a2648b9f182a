/**
 * The transition table, as data. The reducer, the visualizer and the docs all
 * read `TRANSITIONS`; nothing else lists transitions by hand.
 */
import { MachineEvent as E, MachineState as S } from './states';
import type { MachineEvent, MachineState } from './states';
import { ENOUGH_LIVENESS, LATER_RANK, NEXT_LEADER, QUORUM, type GuardName } from './guards';

export interface Transition {
  readonly from: MachineState;
  readonly event: MachineEvent;
  readonly to: MachineState;
  /**
   * An internal row does not leave the state: no exit or entry, the timeout keeps running,
   * provider work in flight goes on, nothing is published. It only makes the state re-evaluate
   * its condition once the events of the current instant are folded.
   */
  readonly internal?: true;
  /**
   * The condition the row is taken under, named for the docs and diagrams (see `guards.ts`: the
   * effect that raises the event, or the reducer, evaluates it).
   */
  readonly guard?: GuardName;
}

/**
 * States of a round in progress: a certificate for the round's rank or a later one ends the round
 * from any of them (`rank_advanced`), and the machine starts collecting for the rank after it.
 */
export const ROUND_STATES = [
  S.Collecting,
  S.LivenessCheck,
  S.Proving,
  S.Publishing,
  S.Voting,
  S.Finalizing,
  S.Verifying,
] as const satisfies readonly MachineState[];

/** States a running machine can be in: `stop` and `induce_sync` apply to each of them. */
export const RUNNING_STATES = [
  S.Starting,
  S.Loading,
  ...ROUND_STATES,
] as const satisfies readonly MachineState[];

/** The guard of the `rank_advanced` rows. */
export { LATER_RANK } from './guards';

const row = (from: MachineState, event: MachineEvent, to: MachineState, guard?: GuardName): Transition =>
  guard === undefined ? { from, event, to } : { from, event, to, guard };
const internal = (state: MachineState, event: MachineEvent): Transition => ({
  from: state,
  event,
  to: state,
  internal: true,
});

export const TRANSITIONS: readonly Transition[] = Object.freeze([
  row(S.Stopped, E.Start, S.Starting),
  row(S.Starting, E.InitComplete, S.Loading),
  row(S.Loading, E.SyncTimeout, S.Loading),
  row(S.Loading, E.SyncComplete, S.Collecting, NEXT_LEADER),
  row(S.Collecting, E.CollectionDone, S.LivenessCheck),
  row(S.LivenessCheck, E.ProverSignal, S.Proving, ENOUGH_LIVENESS),
  row(S.LivenessCheck, E.LivenessTimeout, S.LivenessCheck),
  internal(S.LivenessCheck, E.LivenessCheckReceived),
  row(S.Proving, E.ProofComplete, S.Publishing),
  row(S.Proving, E.PublishTimeout, S.Voting),
  row(S.Publishing, E.PublishComplete, S.Voting),
  row(S.Publishing, E.PublishTimeout, S.Voting),
  internal(S.Voting, E.ProposalReceived),
  internal(S.Voting, E.VoteReceived),
  row(S.Voting, E.QuorumReached, S.Finalizing, QUORUM),
  row(S.Voting, E.VotingTimeout, S.Voting),
  row(S.Finalizing, E.AggregationDone, S.Verifying),
  row(S.Finalizing, E.AggregationTimeout, S.Finalizing),
  row(S.Verifying, E.VerificationDone, S.Collecting),
  row(S.Verifying, E.VerificationTimeout, S.Verifying),
  ...ROUND_STATES.map((from) => row(from, E.RankAdvanced, S.Collecting, LATER_RANK)),
  ...RUNNING_STATES.map((from) => row(from, E.Stop, S.Stopping)),
  ...RUNNING_STATES.map((from) => row(from, E.InduceSync, S.Loading)),
  row(S.Stopping, E.CleanupComplete, S.Stopped),
]);

export type TransitionIndex = ReadonlyMap<MachineState, ReadonlyMap<MachineEvent, Transition>>;

/** Index a table by state, then event. A later row for the same pair is a table error. */
export function indexTransitions(table: readonly Transition[]): TransitionIndex {
  const index = new Map<MachineState, Map<MachineEvent, Transition>>();
  for (const t of table) {
    const byEvent = index.get(t.from) ?? new Map<MachineEvent, Transition>();
    if (byEvent.has(t.event)) throw new Error(`transition table lists ${t.from} --${t.event}--> twice`);
    byEvent.set(t.event, t);
    index.set(t.from, byEvent);
  }
  return index;
}

export const TRANSITION_INDEX: TransitionIndex = indexTransitions(TRANSITIONS);

/** The row taken by `event` in `state`, if any. */
export const transitionFor = (state: MachineState, event: MachineEvent): Transition | undefined =>
  TRANSITION_INDEX.get(state)?.get(event);

/** Events that have a row out of `state` (in table order). */
export const eventsFrom = (state: MachineState): readonly MachineEvent[] => [
  ...(TRANSITION_INDEX.get(state)?.keys() ?? []),
];
