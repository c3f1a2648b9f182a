/**
 * A machine snapshot as plain, readable JSON: the fields a person looks at, with the rounds as
 * per-rank counts instead of the persistent maps they are stored in.
 */
import type { MachineSnapshot } from '../engine/snapshot';

export function snapshotToJson<S, V, P, C>(s: MachineSnapshot<S, V, P, C>) {
  return {
    state: s.state,
    activeRank: s.activeRank,
    activeState: s.activeState,
    failedRanks: s.failedRanks,
    nextProvers: s.nextProvers,
    chosenProposer: s.chosenProposer,
    collected: s.collected,
    ownVote: s.ownVote,
    finalized: s.finalized,
    confirmedRank: s.confirmedRank,
    rounds: s.rounds.counts(),
    transitionCount: s.transitionCount,
    enteredAt: s.enteredAt,
    lastEvent: s.lastEvent,
    fault: s.fault,
  };
}
